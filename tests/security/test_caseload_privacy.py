"""The caseload's next steps and sessions reach only those who may follow the family; calendars carry no name."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from workbench import Caseload, FamilyStore
from workbench.care.agenda import own_sessions
from workbench.care.consent import add_consent
from workbench.cycle.bookings import book, calendar_file
from workbench.trust.access import may_follow, visible
from workbench.ui import pages

from ..conftest import make_family
from ..pages.helpers import account, app

SOON = date.today() + timedelta(days=2)


@pytest.fixture
def two_families(data_root):
    """Ada's VIG-0001 (supervisor viewing consented) and VIG-0002 (not), each with a shared review booked."""
    store = FamilyStore()
    for code, child in (("VIG-0001", "Sam"), ("VIG-0002", "Ava")):
        store.create(make_family(code, child={"name": child, "year_of_birth": 2018}))
        store.update(code, lambda f: book(f, "shared review", SOON, time(10, 0), 45))
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["viewing by a VIG supervisor"]))
    for name in ("ada", "ben", "sue"):
        account(name)
    return store


def _rows(at) -> dict[str, dict]:
    return {row["Code"]: row for row in at.dataframe[0].value.to_dict("records")} if at.dataframe else {}


def test_a_supervisor_follows_only_consented_families_and_gets_no_calendar(two_families):
    at = app(as_user="sue")
    rows = _rows(at)
    assert rows["VIG-0001"]["Stage"] == "Goals to agree" and rows["VIG-0001"]["Next session"].endswith("shared review")
    # Listed, so the supervisor knows it exists, but nothing of where it is or when the family is seen.
    assert (rows["VIG-0002"]["Stage"], rows["VIG-0002"]["Next step"], rows["VIG-0002"]["Next session"]) == (
        "—", "—", "")
    week = " ".join(m.value for m in at.markdown)
    assert "VIG-0001" in week and "VIG-0002" not in week
    assert not [h for h in at.get("html") if "/vig-made/" in h.proto.body]  # no calendar feed: no families of their own
    sue = account("sue")
    summaries = visible(sue, Caseload(two_families).summaries())
    assert [s.code for s in summaries if may_follow(sue, s)] == ["VIG-0001"]
    assert own_sessions(summaries, "sue") == []


def test_a_supervisor_on_the_family_page_sees_the_session_and_cannot_book_cancel_or_download(two_families):
    at = app({"family": "VIG-0001"}, as_user="sue")
    at.switch_page(pages.GOALS.path).run()
    assert not at.exception
    assert any(p.proto.popover.label.startswith("Next session:") for p in at.get("popover"))
    assert not [h for h in at.get("html") if "/vig-made/" in h.proto.body] and not at.get("date_input")
    assert "Cancel" not in [b.label for b in at.button]


def test_another_guider_sees_none_of_it(two_families):
    at = app(as_user="ben")
    assert _rows(at) == {} and "No families yet" in at.info[0].value
    ben = account("ben")
    assert own_sessions(visible(ben, Caseload(two_families).summaries()), "ben") == []


def test_the_guiders_feed_holds_every_own_session_and_no_name(two_families):
    ada = account("ada")
    entries = own_sessions(visible(ada, Caseload(two_families).summaries()), "ada")
    assert sorted(code for code, _ in entries) == ["VIG-0001", "VIG-0002"]
    assert all(s.starts_at == datetime.combine(SOON, time(10, 0)) for _, s in entries)
    text = calendar_file(entries).decode()
    for name in ("Sam", "Ava", "Jo", "Smith", "Ada", "Patel", "foster carer"):
        assert name not in text
