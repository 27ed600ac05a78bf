"""The carer's own device in a review at a distance: who else could reach it, and what ends it.

The link's token is kept only as a hash; the first device to open it is bound to it; the code the guider reads
out admits it; five wrong codes end it. Every request re-checks the invitation, its hours, the consent, the
family, the guider's open review and their signed-in presenter view, so a withdrawal, an erasure, a sign-out
or the review's end shows at the next request.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from workbench import FamilyStore
from workbench.care.consent import add_consent, withdraw, withdraw_consent
from workbench.care.retention import erase_family
from workbench.core.config import DATA_ROOT_ENV
from workbench.cycle import analysis, invitations, remote, review, stage
from workbench.cycle.bookings import book
from workbench.cycle.shared_screen import leave, open_screen, set_pin
from workbench.model import ConsentScope, SessionKind
from workbench.trust import sessions
from workbench.trust.audit import entries
from workbench.ui.media import media_routes
from workbench.ui.policy import SecurityHeaders
from workbench.ui.remote import COOKIE, remote_routes

from ..conftest import make_family
from ..films import family_with_film
from ..pages.helpers import account

NOTE = "Private: she seemed tired today."
PIN = "246813"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, films):
    """Ada's family with a ready film, two chosen clips and one not chosen, consent to a review on the carer's
    own device; another family. Each test works on its own copy."""
    root = tmp_path_factory.mktemp("remote") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_ROOT_ENV, str(root))
        store = FamilyStore()
        family_with_film(store, films["landscape"])
        store.create(make_family("VIG-0777", child={"name": "Zed", "year_of_birth": 2016}))

        def ready(f):
            add_consent(f, "Jo Smith", "foster carer", date.today(), [ConsentScope.REMOTE_REVIEW])
            for start in (500, 3000):
                clip = analysis.add_clip(f, 1, start, start + 1500, ["attentive"], NOTE)
                analysis.choose(f, 1, clip.id, True)
            analysis.add_clip(f, 1, 4500, 5500, ["attentive"], NOTE)  # marked, never chosen for the review

        store.update("VIG-0001", ready)
        account("ada")
        set_pin("ada", PIN)
    return root


def booked(store, hours_from_now: float = 0.1) -> str:
    starts = datetime.now() + timedelta(hours=hours_from_now)
    return store.update("VIG-0001", lambda f: book(f, SessionKind.SHARED_REVIEW, starts.date(),
                                                   starts.time().replace(second=0, microsecond=0))).id


@pytest.fixture
def store(data_root, prepared):
    shutil.copytree(prepared, data_root)
    yield FamilyStore()
    sessions.signed_out("session-laptop")
    stage.clear("ada")


def device() -> TestClient:
    """A browser of its own (its own cookies), on the app's remote routes behind the app's headers."""
    app = Starlette(routes=media_routes() + remote_routes(), middleware=[Middleware(SecurityHeaders)])
    return TestClient(app, base_url="https://testserver")


def presenting(store) -> None:
    """Ada's review of cycle 1 is open on two screens, her laptop's presenter view signed in."""
    open_screen("ada", "VIG-0001", 1, presenter="session-laptop")
    stage.start("ada", "VIG-0001", 1)
    sessions.signed_in("session-laptop", "ada")


def state(phone: TestClient) -> dict:
    return phone.get("/vig-join/stage").json()


def admitted(store) -> tuple[TestClient, invitations.Made]:
    made = invitations.invite(store, "ada", "VIG-0001", booked(store), "Jo Smith")
    phone = device()
    assert phone.post("/vig-join/open", content=made.token).json()["state"] == remote.CODE
    assert phone.post("/vig-join/code", content=invitations.code_for(made.invitation.id)).json()["state"] in (
        remote.WAITING, remote.LIVE)
    return phone, made


def remote_audit(code: str = "VIG-0001") -> str:
    return "\n".join(e.detail for e in entries(family=code) if e.what == "remote review")


def test_the_token_is_kept_only_as_a_hash_and_the_cookie_only_this_browser_holds(store):
    made = invitations.invite(store, "ada", "VIG-0001", booked(store), "Jo Smith")
    assert len(made.token) >= 32 and made.token not in store.store_path("VIG-0001").read_text()
    assert store.load("VIG-0001").invitations[0].token_hash == invitations.digest(made.token)
    phone = device()
    opened = phone.post("/vig-join/open", content=made.token)
    cookie = opened.headers["set-cookie"]
    for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/vig-join"):
        assert flag.lower() in cookie.lower(), flag
    secret = phone.cookies[COOKIE].split(".", 1)[1]
    assert secret not in store.store_path("VIG-0001").read_text()  # the device, too, only as a hash
    page = phone.get("/join")
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert made.token not in (store.root / "audit.jsonl").read_text()


def test_a_link_forwarded_to_a_second_device_opens_nothing(store):
    phone, made = admitted(store)
    presenting(store)
    assert state(phone)["state"] == remote.LIVE
    other = device()
    answer = other.post("/vig-join/open", content=made.token).json()
    assert answer == {**answer, "state": remote.ENDED, "scene": None, "clips": [], "first_name": ""}
    # Nor a cookie made up for the same invitation, nor the real one's id with another secret.
    other.cookies.set(COOKIE, f"{made.invitation.id}.forged-secret", domain="testserver", path="/vig-join")
    assert state(other)["state"] == remote.ENDED
    clip_id = review.review_clips(store.load("VIG-0001"), 1)[0].id
    assert other.get(f"/vig-join/clip/{clip_id}/light").status_code == 404
    assert "refused, another device" in remote_audit()
    assert state(phone)["state"] == remote.LIVE  # the carer's own phone carries on


def test_five_wrong_codes_end_the_link_for_good(store):
    made = invitations.invite(store, "ada", "VIG-0001", booked(store), "Jo Smith")
    right = invitations.code_for(made.invitation.id)
    wrong = "000000" if right != "000000" else "111111"
    phone = device()
    phone.post("/vig-join/open", content=made.token)
    for tries_left in (4, 3, 2, 1):
        assert phone.post("/vig-join/code", content=wrong).json() == {
            **state(phone), "state": remote.CODE, "tries_left": tries_left}
    assert phone.post("/vig-join/code", content="１２３４５６").json()["state"] == remote.ENDED  # not digits: wrong
    assert phone.post("/vig-join/code", content=right).json()["state"] == remote.ENDED
    assert phone.post("/vig-join/open", content=made.token).json()["state"] == remote.ENDED
    assert store.load("VIG-0001").invitations[0].ended == "5 wrong codes"
    assert "link ended after 5 wrong codes" in remote_audit()


def test_a_link_opens_nothing_before_its_hours_or_after_them(store):
    made = invitations.invite(store, "ada", "VIG-0001", booked(store, hours_from_now=3), "Jo Smith")
    early = device().post("/vig-join/open", content=made.token).json()
    assert early["state"] == remote.EARLY and early["opens_at"]
    assert store.load("VIG-0001").invitations[0].device_hash == ""  # nothing bound before it opens
    after = store.load("VIG-0001").invitations[0].closes_at + timedelta(minutes=1)
    assert remote.open_link(store, made.token, remote.Visit(), now=after).view.state == remote.ENDED


def test_the_end_of_the_review_ends_the_link(store):
    phone, made = admitted(store)
    presenting(store)
    assert state(phone)["state"] == remote.LIVE
    assert leave("ada", PIN).left
    assert state(phone)["state"] == remote.ENDED
    assert store.load("VIG-0001").invitations[0].ended == "ended with the review"
    presenting(store)  # another review, later: this link is not for it
    assert device().post("/vig-join/open", content=made.token).json()["state"] == remote.ENDED
    assert state(phone)["state"] == remote.ENDED


def test_the_guider_ending_the_link_ends_it_at_once(store):
    phone, made = admitted(store)
    presenting(store)
    invitations.end(store, "ada", "VIG-0001", made.invitation.id)
    assert state(phone)["state"] == remote.ENDED
    assert "invitation ended by the guider" in remote_audit()


def test_consent_withdrawn_mid_review_ends_it(store):
    phone, _ = admitted(store)
    presenting(store)
    clip_id = state(phone)["clips"][0]["id"]
    assert phone.get(f"/vig-join/clip/{clip_id}/light").status_code == 200
    consent = next(c for c in store.load("VIG-0001").consents if ConsentScope.REMOTE_REVIEW in c.covers)
    withdraw(store, "VIG-0001", consent.id, date.today())
    assert state(phone)["state"] == remote.ENDED
    assert phone.get(f"/vig-join/clip/{clip_id}/light").status_code == 404


def test_the_family_erased_mid_review_ends_it(store):
    phone, made = admitted(store)
    presenting(store)
    clip_id = state(phone)["clips"][0]["id"]
    erase_family(store, "VIG-0001")
    assert state(phone)["state"] == remote.ENDED
    assert phone.get(f"/vig-join/clip/{clip_id}/full").status_code == 404
    assert invitations.find(store, token=made.token) is None


def test_the_guider_signing_out_shows_nothing_until_they_are_back(store):
    phone, _ = admitted(store)
    presenting(store)
    clip_id = state(phone)["clips"][0]["id"]
    sessions.signed_out("session-laptop")
    waiting = state(phone)
    assert waiting["state"] == remote.WAITING and waiting["scene"] is None and waiting["clips"] == []
    assert phone.get(f"/vig-join/clip/{clip_id}/light").status_code == 404
    sessions.signed_in("session-laptop", "ada")
    assert state(phone)["state"] == remote.LIVE


def test_the_carers_device_reaches_only_this_reviews_own_clips(store):
    phone, _ = admitted(store)
    presenting(store)
    live = state(phone)
    body = str(live)
    for secret in (NOTE, "VIG-0001", "VIG-0777", "Zed", "Sam", "Moments with", "attentive\"", "tags", "note", "ada"):
        assert secret not in body, secret
    family = store.load("VIG-0001")
    chosen = {c["id"] for c in live["clips"]}
    unchosen = next(c.id for c in family.cycle(1).clips if c.id not in chosen)
    for path in (f"/vig-join/clip/{unchosen}/full", f"/vig-join/clip/{next(iter(chosen))}/proxy",
                 "/vig-join/clip/../../family.json/full", "/vig-join/asset/family.json",
                 "/vig-join/asset/..%2F..%2Fcore%2Fstore.py", "/vig-media/forged/proxy.mp4", "/vig-stage/forged"):
        assert phone.get(path).status_code == 404, path
    full = phone.get(f"/vig-join/clip/{next(iter(chosen))}/full")
    assert full.status_code == 200 and full.headers["cache-control"] == "private, no-store"
    part = phone.get(f"/vig-join/clip/{next(iter(chosen))}/light", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.content) == 100  # a player's range request, as on a phone


def test_hostile_input_is_refused_calmly(store):
    phone = device()
    assert phone.post("/vig-join/open", content=b"x" * 1_000_000).json()["state"] == remote.ENDED
    assert phone.post("/vig-join/code", content="123456").json()["state"] == remote.ENDED  # no link, no tries
    phone.cookies.set(COOKIE, "\u202e" * 300, domain="testserver", path="/vig-join")
    assert state(phone)["state"] == remote.ENDED
    assert phone.get("/vig-join/stage?seen=" + "x" * 10_000).json()["state"] == remote.ENDED


def test_a_consent_no_longer_in_force_ends_it_even_where_no_one_ended_the_links(store):
    phone, _ = admitted(store)
    presenting(store)
    consent = next(c for c in store.load("VIG-0001").consents if ConsentScope.REMOTE_REVIEW in c.covers)
    # The withdrawal alone (as an older copy of the app, or a restore, would leave it): every request reads it.
    store.update("VIG-0001", lambda f: withdraw_consent(f, consent.id, date.today()))
    assert not store.load("VIG-0001").invitations[0].ended
    assert state(phone)["state"] == remote.ENDED


def test_after_a_restart_every_carer_asking_at_once_is_found_and_keeps_their_cookie(store, monkeypatch):
    phone, made = admitted(store)
    presenting(store)
    monkeypatch.setattr(invitations, "_WHERE", {})  # a restarted server: nothing in memory yet
    monkeypatch.setattr(invitations, "_BY_ID", {})
    monkeypatch.setattr(invitations, "_scanned_at", 0.0)
    reading = store.load

    def slow(code):  # a large caseload: the reading takes a while, and every page asks meanwhile
        time.sleep(0.3)
        return reading(code)

    monkeypatch.setattr(store, "load", slow)
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: invitations.find(store, invitation_id=made.invitation.id), range(4)))
    assert found == [("VIG-0001", made.invitation.id)] * 4
    ended = device().get("/vig-join/stage")  # a stranger's refusal takes no cookie from anyone
    assert ended.json()["state"] == remote.ENDED and "set-cookie" not in ended.headers


@pytest.mark.timeout(10)
def test_a_question_with_no_link_behind_it_is_answered_at_once_not_held(store):
    assert device().get("/vig-join/stage?seen=ended:0").json()["state"] == remote.ENDED


def test_refused_opens_and_closed_pages_neither_rewrite_the_family_nor_flood_the_log(store):
    phone, made = admitted(store)
    saved = store.store_path("VIG-0001").stat().st_mtime_ns
    lines = len(entries())
    for _ in range(20):
        assert device().post("/vig-join/open", content=made.token).json()["state"] == remote.ENDED
        assert phone.post("/vig-join/leave").status_code == 204
    assert store.store_path("VIG-0001").stat().st_mtime_ns == saved  # "Last activity" untouched
    assert len(entries()) - lines == 2  # one refusal, one page closed, in the minute
    assert invitations.status(store.load("VIG-0001").invitations[0]) == "Joined on their device."


def test_the_guider_is_told_which_kind_of_device_took_the_link(store):
    made = invitations.invite(store, "ada", "VIG-0001", booked(store), "Jo Smith")
    phone = device()
    phone.headers["user-agent"] = "Mozilla/5.0 (Linux; Android 14) Chrome/156.0 Mobile Safari/537.36"
    phone.post("/vig-join/open", content=made.token)
    said = invitations.status(store.load("VIG-0001").invitations[0])
    assert said == "Opened on a phone; waiting for the code."


def test_a_review_under_way_may_run_over_its_booking_but_not_one_never_started(store):
    phone, made = admitted(store)
    presenting(store)
    assert state(phone)["state"] == remote.LIVE  # under way: the invitation has started
    kept = store.load("VIG-0001").invitations[0]
    visit = remote.Visit(device=phone.cookies[COOKIE])
    assert remote.view(store, visit, now=kept.closes_at + timedelta(minutes=20)).state == remote.LIVE
    assert remote.view(store, visit, now=kept.closes_at + timedelta(minutes=61)).state == remote.ENDED
    other = invitations.invite(store, "ada", "VIG-0001", booked(store, hours_from_now=2), "Jo Smith")
    late = store.load("VIG-0001").invitations[-1].closes_at + timedelta(minutes=1)
    assert remote.open_link(store, other.token, remote.Visit(), now=late).view.state == remote.ENDED
