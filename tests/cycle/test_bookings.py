"""Booking sessions, the caseload's agenda and This week, and calendar files that carry no name."""

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from workbench import Caseload
from workbench.care.agenda import agenda, own_sessions, session_words, this_week
from workbench.care.consent import add_consent
from workbench.core.errors import InvalidInput
from workbench.core.next_step import Stage
from workbench.core.settings import Settings
from workbench.cycle.bookings import book, calendar_file, cancel, upcoming
from workbench.cycle.goals import add_goal, set_helping_question
from workbench.cycle.review import close_case, mark_final, record_final_review
from workbench.model import BookedSession, SessionKind

from ..conftest import make_family
from .test_analysis import ready

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)


def test_sessions_are_booked_in_time_order_and_cancelled(family):
    later = book(family, "shared review", TODAY + timedelta(days=9), time(14, 30), 45, now=NOW)
    sooner = book(family, SessionKind.FILMING, TODAY + timedelta(days=2), time(10, 0), now=NOW)
    assert [s.id for s in family.sessions] == [sooner.id, later.id]
    assert later.starts_at == datetime(2026, 12, 2, 14, 30) and later.ends_at == datetime(2026, 12, 2, 15, 15)
    assert [s.id for s in upcoming(family.sessions, NOW + timedelta(days=3))] == [later.id]
    cancel(family, sooner.id)
    assert [s.id for s in family.sessions] == [later.id]
    with pytest.raises(InvalidInput, match="no longer booked"):
        cancel(family, sooner.id)


@pytest.mark.parametrize("on, at, minutes, says", [
    (TODAY - timedelta(days=1), time(10), 60, "That time has passed"),
    (TODAY, time(8, 59), 60, "That time has passed"),  # earlier today
    (TODAY + timedelta(days=800), time(10), 60, "up to two years ahead"),
    (TODAY, time(10), 5, "at least 15"),
    (TODAY, time(10), 600, "at most 240"),
])
def test_a_session_in_the_past_too_far_ahead_or_of_an_odd_length_is_refused(family, on, at, minutes, says):
    with pytest.raises(InvalidInput, match=says):
        book(family, "filming", on, at, minutes, now=NOW)
    assert family.sessions == []


def test_a_stored_session_beyond_any_calendar_is_refused_when_read():
    with pytest.raises(InvalidInput, match="between the years 2000 and 2100"):
        make_family(sessions=[{"kind": "filming", "starts_at": "9999-12-31T23:00"}])


def test_thirty_sessions_to_come_at_most_and_old_ones_let_go():
    family = make_family()
    for n in range(30):
        book(family, "filming", TODAY + timedelta(days=n), time(10), now=NOW)
    with pytest.raises(InvalidInput, match="already has 30 sessions booked; cancel one first"):
        book(family, "filming", TODAY, time(11), now=NOW)
    # A year and more later, the old ones are let go as the next is booked: never a dead end.
    later = NOW + timedelta(days=400)
    book(family, "filming", later.date(), time(10), now=later)
    assert len(family.sessions) == 1


def test_closing_the_case_cancels_what_is_to_come_and_books_nothing_more():
    family = make_family()
    book(family, "filming", date.today() + timedelta(days=3), time(10))
    family.sessions = [*family.sessions, family.sessions[0].model_copy(
        update={"id": "past", "starts_at": datetime.combine(date.today() - timedelta(days=3), time(10))})]
    mark_final(family, 1, True)
    record_final_review(family, held_on=TODAY, evaluation="", carer_feedback="")
    close_case(family)
    assert [s.id for s in family.sessions] == ["past"]  # the history stays; nothing lingers in a calendar
    with pytest.raises(InvalidInput, match="closed"):
        book(family, "final review", date.today() + timedelta(days=1), time(10))


def test_the_calendar_parses_and_holds_the_code_and_times_but_no_name(family):
    review = book(family, "shared review", TODAY + timedelta(days=1), time(10, 15), 45, now=NOW)
    film = book(family, "filming", TODAY + timedelta(days=8), time(16, 0), now=NOW)
    raw = calendar_file([(family.code, s) for s in family.sessions])
    parsed = Calendar.from_ical(raw)
    events = parsed.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["VIG shared review · VIG-0001", "VIG filming · VIG-0001"]
    assert [e.decoded("dtstart") for e in events] == [review.starts_at, film.starts_at]
    assert events[0].decoded("duration") == timedelta(minutes=45)  # right across a clock change
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
    over = BookedSession(kind="filming", starts_at=datetime.now().replace(microsecond=0) - timedelta(minutes=30),
                         minutes=15)
    store.update("VIG-0003", lambda f: setattr(f, "sessions", [over]))  # booked earlier, over by now
    store.update("VIG-0004", _filmed_days_ago(20))
    lines = agenda(Caseload(store).summaries(), Settings())
    assert [ln.code for ln in this_week(lines)] == ["VIG-0004", "VIG-0001"]  # overdue first
    assert this_week(lines)[0].step.overdue == "Shared review overdue by 6 days"
    assert {ln.code: bool(ln.session) for ln in lines} == {"VIG-0001": True, "VIG-0002": True,
                                                           "VIG-0003": False,  # over, whatever the hour
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
    soon = book(family, "shared review", TODAY, time(10), now=NOW)
    later = book(family, "final review", date(2026, 12, 1), time(14, 5), now=NOW)
    assert session_words(soon, TODAY) == "Today, 10:00 · shared review"
    assert session_words(soon, TODAY - timedelta(days=1)) == "Tomorrow, 10:00 · shared review"
    assert session_words(later, TODAY) == "Tue 1 Dec, 14:05 · final review"
