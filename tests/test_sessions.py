"""Booking sessions, the caseload's agenda and This week, and calendar files that carry no name."""

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from workbench import Caseload
from workbench.agenda import agenda, own_sessions, session_words, this_week
from workbench.consent import add_consent
from workbench.errors import InvalidInput
from workbench.goals import add_goal, set_helping_question
from workbench.model import SessionKind
from workbench.next_step import Stage
from workbench.review import close_case, mark_final, record_final_review
from workbench.sessions import book, calendar_file, cancel, upcoming
from workbench.settings import Settings

from .conftest import make_family
from .test_analysis import ready

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)


def test_sessions_are_booked_in_time_order_and_cancelled(family):
    later = book(family, "shared review", TODAY + timedelta(days=9), time(14, 30), 45, today=TODAY)
    sooner = book(family, SessionKind.FILMING, TODAY + timedelta(days=2), time(10, 0), today=TODAY)
    assert [s.id for s in family.sessions] == [sooner.id, later.id]
    assert later.starts_at == datetime(2026, 12, 2, 14, 30) and later.ends_at == datetime(2026, 12, 2, 15, 15)
    assert [s.id for s in upcoming(family.sessions, NOW + timedelta(days=3))] == [later.id]
    cancel(family, sooner.id)
    assert [s.id for s in family.sessions] == [later.id]
    with pytest.raises(InvalidInput, match="no longer booked"):
        cancel(family, sooner.id)


@pytest.mark.parametrize("on, minutes, says", [
    (TODAY - timedelta(days=1), 60, "That date has passed"),
    (TODAY, 5, "at least 15"),
    (TODAY, 600, "at most 240"),
])
def test_a_session_in_the_past_or_of_an_odd_length_is_refused_with_a_reason(family, on, minutes, says):
    with pytest.raises(InvalidInput, match=says):
        book(family, "filming", on, time(10), minutes, today=TODAY)
    assert family.sessions == []


def test_a_closed_family_books_nothing_and_a_family_books_at_most_sixty():
    family = make_family()
    for n in range(60):
        book(family, "filming", TODAY + timedelta(days=n), time(10), today=TODAY)
    with pytest.raises(InvalidInput, match="at most 60"):
        book(family, "filming", TODAY, time(11), today=TODAY)
    family.sessions = []
    family.cycles[0].is_final = True
    mark_final(family, 1, True)
    record_final_review(family, held_on=TODAY, evaluation="", carer_feedback="")
    close_case(family, TODAY)
    with pytest.raises(InvalidInput, match="closed"):
        book(family, "final review", TODAY, time(10), today=TODAY)


def test_the_calendar_parses_and_holds_the_code_and_times_but_no_name(family):
    review = book(family, "shared review", TODAY + timedelta(days=1), time(10, 15), 45, today=TODAY)
    film = book(family, "filming", TODAY + timedelta(days=8), time(16, 0), today=TODAY)
    raw = calendar_file([(family.code, s) for s in family.sessions])
    parsed = Calendar.from_ical(raw)
    events = parsed.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["VIG shared review · VIG-0001", "VIG filming · VIG-0001"]
    assert [e.decoded("dtstart") for e in events] == [review.starts_at, film.starts_at]
    assert events[0].decoded("dtend") == review.starts_at + timedelta(minutes=45)
    assert [str(e["uid"]) for e in events] == [f"{review.id}@vig-workbench", f"{film.id}@vig-workbench"]
    text = raw.decode()
    for name in ("Sam", "Jo Smith", "Ada", "Patel", "foster"):
        assert name not in text


def test_the_caseload_index_carries_the_stage_and_the_sessions(store):
    family = store.create(make_family("VIG-0002"))
    store.update("VIG-0002", lambda f: book(f, "filming", date.today() + timedelta(days=2), time(10)))
    summary, = Caseload(store).summaries()
    assert summary.where.stage is Stage.GOALS
    assert [s["kind"] for s in summary.sessions] == ["filming"]
    line, = agenda([summary], Settings())
    assert line.step.words.startswith("Agree the helping question and goals")
    assert line.session.kind is SessionKind.FILMING
    assert own_sessions([summary], "ada")[0][0] == family.code
    assert own_sessions([summary], "someone-else") == []


def test_this_week_lists_overdue_steps_and_sessions_in_the_next_seven_days(store):
    for n in range(1, 5):
        store.create(make_family(f"VIG-000{n}"))
    store.update("VIG-0001", lambda f: book(f, "filming", date.today() + timedelta(days=3), time(10)))
    store.update("VIG-0002", lambda f: book(f, "filming", date.today() + timedelta(days=10), time(10)))
    store.update("VIG-0003", lambda f: book(f, "filming", date.today(), time(0, 0), 15))  # already over
    store.update("VIG-0004", _filmed_days_ago(20))
    lines = agenda(Caseload(store).summaries(), Settings())
    assert [ln.code for ln in this_week(lines)] == ["VIG-0004", "VIG-0001"]  # overdue first
    assert this_week(lines)[0].step.overdue == "Shared review overdue by 6 days"
    assert {ln.code: bool(ln.session) for ln in lines} == {"VIG-0001": True, "VIG-0002": True,
                                                           "VIG-0003": datetime.now().time() < time(0, 15),
                                                           "VIG-0004": False}


def _filmed_days_ago(days: int):
    def change(family):
        set_helping_question(family, "How can I help him stay calm?")
        add_goal(family, "Stay calm at bedtime", "staying calm", 2, "Jo")
        add_consent(family, "Jo", "foster carer", date.today(), ["filming", "storing the films"])
        cycle = ready(1)
        cycle.film = cycle.film.model_copy(update={"filmed_on": date.today() - timedelta(days=days)})
        family.cycles = [cycle]
    return change


def test_sessions_in_words():
    family = make_family()
    soon = book(family, "shared review", TODAY, time(10), today=TODAY)
    later = book(family, "final review", date(2026, 12, 1), time(14, 5), today=TODAY)
    assert session_words(soon, TODAY) == "Today, 10:00 · shared review"
    assert session_words(soon, TODAY - timedelta(days=1)) == "Tomorrow, 10:00 · shared review"
    assert session_words(later, TODAY) == "Tue 1 Dec, 14:05 · final review"
