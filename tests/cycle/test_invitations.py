"""Making and ending a carer's invitation: what it needs, what it keeps, and what the guider is told."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.errors import InvalidInput
from workbench.cycle import invitations
from workbench.cycle.bookings import book
from workbench.model import MAX_INVITATIONS, Clip, ConsentScope, SessionKind

from ..conftest import make_family

SOON = datetime.now().replace(second=0, microsecond=0) + timedelta(hours=1)


def family(store: FamilyStore, *, consent: bool = True, clips: bool = True, kind=SessionKind.SHARED_REVIEW,
           at: datetime = SOON) -> str:
    """VIG-0001 with (or without) the consent and a chosen clip; returns the booked session's id."""
    if not store.exists("VIG-0001"):
        store.create(make_family())

    def ready(f):
        if consent and not f.has_consent(ConsentScope.REMOTE_REVIEW):
            add_consent(f, "Jo Smith", "foster carer", date.today(), [ConsentScope.REMOTE_REVIEW])
        if clips and not f.cycles[0].clips:
            f.cycles[0].clips = [Clip(start_ms=0, end_ms=1000, chosen=True, order=0)]
        return book(f, kind, at.date(), at.time()).id

    return store.update("VIG-0001", ready)


@pytest.fixture
def store(data_root):
    return FamilyStore()


@pytest.mark.parametrize("what, says", [
    ("no consent", "has not consented"), ("filming", "Choose a booked shared review"),
    ("a stranger", "Choose one of the family's carers"), ("no clips", "Choose the clips"),
])
def test_an_invitation_needs_consent_a_booked_review_a_carer_and_clips(store, what, says):
    session = family(store, consent=what != "no consent", clips=what != "no clips",
                     kind=SessionKind.FILMING if what == "filming" else SessionKind.SHARED_REVIEW)
    with pytest.raises(InvalidInput, match=says):
        invitations.invite(store, "ada", "VIG-0001", session, "Kim Stranger" if what == "a stranger" else "Jo Smith")
    assert store.load("VIG-0001").invitations == []


def test_a_session_already_over_takes_no_invitation(store):
    session = family(store)
    with pytest.raises(InvalidInput, match="That session is over"):
        invitations.invite(store, "ada", "VIG-0001", session, "Jo Smith", now=SOON + timedelta(hours=2))


def test_an_invitation_opens_a_quarter_of_an_hour_early_and_closes_with_the_session(store):
    made = invitations.invite(store, "ada", "VIG-0001", family(store), "Jo Smith")
    kept = store.load("VIG-0001").invitations[0]
    assert (kept.opens_at, kept.closes_at) == (SOON - timedelta(minutes=15), SOON + timedelta(minutes=60))
    assert kept.token_hash == invitations.digest(made.token) and made.token not in kept.model_dump_json()
    assert made.link("https://vig.example.org/") == f"https://vig.example.org/join#{made.token}"
    assert invitations.status(kept, now=SOON - timedelta(hours=1)).startswith("Opens at ")
    assert invitations.status(kept, now=SOON) == "Not opened yet."
    assert not invitations.opened(kept, now=SOON - timedelta(minutes=16))
    assert invitations.opened(kept, now=SOON - timedelta(minutes=15))
    assert not invitations.opened(kept, now=SOON + timedelta(minutes=60))


def test_a_new_link_for_the_same_review_ends_the_one_before(store):
    session = family(store)
    first = invitations.invite(store, "ada", "VIG-0001", session, "Jo Smith")
    second = invitations.invite(store, "ada", "VIG-0001", session, "Jo Smith")
    kept = {i.id: i for i in store.load("VIG-0001").invitations}
    assert kept[first.invitation.id].ended == "replaced" and not kept[second.invitation.id].ended
    assert [i.id for i in invitations.live(store.load("VIG-0001"))] == [second.invitation.id]


def test_old_invitations_are_let_go_so_a_family_never_holds_too_many(store):
    for n in range(MAX_INVITATIONS + 5):
        invitations.invite(store, "ada", "VIG-0001", family(store, at=SOON + timedelta(days=n)), "Jo Smith")
    kept = store.load("VIG-0001").invitations
    assert len(kept) <= MAX_INVITATIONS and len(invitations.live(store.load("VIG-0001"))) >= MAX_INVITATIONS - 1


def test_a_link_is_found_again_after_a_restart_but_a_forged_one_costs_one_reading_a_minute(store, monkeypatch):
    made = invitations.invite(store, "ada", "VIG-0001", family(store), "Jo Smith")
    monkeypatch.setattr(invitations, "_WHERE", {})  # as a restarted server finds them: nothing in memory
    monkeypatch.setattr(invitations, "_BY_ID", {})
    monkeypatch.setattr(invitations, "_scanned_at", 0.0)
    assert invitations.find(store, token=made.token) == ("VIG-0001", made.invitation.id)
    reads = []
    monkeypatch.setattr(store, "codes", lambda: reads.append(1) or ["VIG-0001"])
    for _ in range(50):
        assert invitations.find(store, token="forged") is None
    assert reads == []  # read once already this minute: forged links never read the families again


def test_ending_an_invitation_is_for_good_and_audited(store):
    from workbench.trust.audit import entries

    made = invitations.invite(store, "ada", "VIG-0001", family(store), "Jo Smith")
    code = invitations.code_for(made.invitation.id)
    assert len(code) == 6 and code.isdigit() and invitations.code_for(made.invitation.id) == code
    invitations.end(store, "ada", "VIG-0001", made.invitation.id)
    invitations.end(store, "ada", "VIG-0001", made.invitation.id)  # twice: one end, one line
    assert store.load("VIG-0001").invitations[0].ended == "ended by the guider"
    details = sorted(e.detail for e in entries(family="VIG-0001") if e.what == "remote review")
    assert len(details) == 2 and details[0] == "invitation ended by the guider"
    assert details[1].startswith("invitation made for the review at ")
