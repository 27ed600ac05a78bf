"""The carer's screen of a two-screen review: who else could follow the guider's cue, and what ends it.

The audience view polls a checked stage link; every poll re-checks the session, the browser, the account,
the open review, the family and the right to it. The window is signed in by a one-time ticket, and a
window that was the carer's screen never becomes the guider's app.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from workbench import FamilyStore
from workbench.care.retention import erase_family
from workbench.core.config import DATA_ROOT_ENV
from workbench.core.errors import InvalidInput
from workbench.cycle import analysis, review, stage
from workbench.cycle.shared_screen import claim_presenter, leave, open_screen, set_pin
from workbench.media import ffmpeg
from workbench.trust import links, tickets
from workbench.trust.accounts import load_accounts
from workbench.ui import media

from ..conftest import make_family
from ..films import family_with_film
from ..pages.helpers import account, app

NOTE = "Private: she seemed tired today."
GUIDER_NOTE = "Ask about contact on Tuesday."
PIN = "246813"


@pytest.fixture
def client():
    return TestClient(Starlette(routes=media.media_routes()))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, films):
    """A data root made once for this module: Ada's family with a ready film and two chosen clips, another
    family, and Ada's PIN. Each test works on its own copy."""
    root = tmp_path_factory.mktemp("two-screens") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_ROOT_ENV, str(root))
        store = FamilyStore()
        family_with_film(store, films["landscape"])
        store.create(make_family("VIG-0777", child={"name": "Zed", "year_of_birth": 2016}))

        def mark(f):
            for start in (500, 3000):
                clip = analysis.add_clip(f, 1, start, start + 2000, ["attentive"], NOTE)
                analysis.choose(f, 1, clip.id, True)
            review.keep_guider_note(f, 1, GUIDER_NOTE)

        store.update("VIG-0001", mark)
        account("ada")
        set_pin("ada", PIN)
    return root


@pytest.fixture
def two_screens(data_root, prepared):
    """Ada's review open on two screens, her laptop presenting; session-tv follows it."""
    shutil.copytree(prepared, data_root)
    open_screen("ada", "VIG-0001", 1, presenter="session-laptop")
    stage.start("ada", "VIG-0001", 1)
    links.signed_in("session-tv", "ada")
    yield FamilyStore()
    links.signed_out("session-tv")
    stage.clear("ada")


def probe_duration(data: bytes) -> float:
    """The length in ms of an MP4 given as bytes (ffprobe-free: the bundled ffmpeg reads it from stdin)."""
    done = subprocess.run([ffmpeg.ffmpeg_exe(), "-i", "-", "-f", "null", "-"], input=data, capture_output=True)
    stamp = done.stderr.decode().rsplit("time=", 1)[1].split()[0]
    hours, minutes, seconds = stamp.split(":")
    return (int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000


def tv_token(session: str = "session-tv", user: str = "ada", **kwargs) -> str:
    """A stage link for the review ``user`` has open now."""
    return links.stage_token(session, user, stage.review_of(load_accounts()[user].shared_screen), **kwargs)


def poll(client, token: str, after: int = 0):
    return client.get(f"{media.STAGE_ROUTE}/{token}?after={after}")


def test_the_carers_screen_gets_the_clip_and_nothing_private(client, two_screens):
    token = tv_token()
    answer = poll(client, token)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    body = answer.text
    for secret in (NOTE, GUIDER_NOTE, "attentive\"", "VIG-0777", "Zed", "tags", "note"):
        assert secret not in body, secret
    scene = answer.json()["scene"]
    assert scene["caption"] == "Here you are being attentive." and scene["where"].endswith("clip 1 of 2")
    cut = client.get(answer.json()["src"])  # the clip itself, through its own checked link
    assert cut.status_code == 200 and cut.headers["content-type"] == "video/mp4"
    assert "proxy" not in answer.json()["src"]  # a cut of the clip and its lead-in, never the whole film
    assert probe_duration(cut.content) < 3000
    assert poll(client, token, after=scene["version"]).status_code == 204  # nothing newer: nothing sent


def test_a_forged_a_stolen_or_a_file_link_cannot_follow_the_cue(client, two_screens, data_root):
    token = tv_token()
    assert poll(client, token[:-1] + ("0" if token[-1] != "0" else "1")).status_code == 404
    assert poll(client, tv_token(now=0)).status_code == 404  # expired
    bound = tv_token(browser="the-guiders-browser")
    assert poll(client, bound).status_code == 404  # copied into another browser
    assert poll(client, tv_token(session="no-such-session")).status_code == 404
    account("ben")
    links.signed_in("session-ben", "ben")
    assert poll(client, links.stage_token("session-ben", "ben", "any")).status_code == 404  # Ben has none open
    set_pin("ben", "135790")
    open_screen("ben", "VIG-0001", 1, presenter="session-ben-laptop")  # a lock on Ada's family shows him nothing
    assert poll(client, tv_token(session="session-ben", user="ben")).status_code == 404
    film = next((data_root / "families" / "VIG-0001" / "media").glob("*/proxy.mp4"))
    file_token = links.token_for(film, "session-tv", "ada")
    assert poll(client, file_token).status_code == 404  # a film's link is not a stage link
    assert client.get(f"{media.ROUTE}/{token}/proxy.mp4").status_code == 404  # nor the other way round


@pytest.mark.parametrize("ending", ["leave", "sign out", "erase", "one screen"])
def test_leaving_signing_out_erasure_or_one_screen_end_the_carers_screen_at_its_next_poll(
        client, two_screens, ending):
    token = tv_token()
    assert poll(client, token).status_code == 200
    if ending == "leave":
        assert leave("ada", PIN).left
    elif ending == "sign out":
        links.signed_out("session-tv")
    elif ending == "erase":
        erase_family(two_screens, "VIG-0001")
        assert stage.last_change("ada") == 0  # no cue of an erased family survives
    else:
        open_screen("ada", "VIG-0001", 1)
    assert poll(client, token).status_code == 404


def open_review() -> str:
    return stage.review_of(load_accounts()["ada"].shared_screen)


def test_the_ticket_for_the_carers_window_works_once_in_its_own_browser_and_expires(two_screens):
    ticket = tickets.audience_ticket("ada", open_review(), browser="laptop-browser")
    assert tickets.redeem_ticket(ticket, browser="another-browser") is None
    ticket = tickets.audience_ticket("ada", open_review(), browser="laptop-browser")
    assert tickets.redeem_ticket(ticket, browser="laptop-browser") == ("ada", open_review())
    assert tickets.redeem_ticket(ticket, browser="laptop-browser") is None  # once only
    old = tickets.audience_ticket("ada", open_review(), browser="laptop-browser", now=0)
    assert tickets.redeem_ticket(old, browser="laptop-browser") is None
    assert tickets.redeem_ticket("made-up", browser="laptop-browser") is None


def test_an_old_ticket_for_the_carers_window_does_not_open_a_later_review(two_screens):
    """Finding 27.9: a ticket is bound to the review it was made for, not to whatever review is open later."""
    ticket = tickets.audience_ticket("ada", open_review())
    assert leave("ada", PIN).left
    open_screen("ada", "VIG-0001", 1, presenter="session-laptop")  # a later review, in the same browser
    at = app({"screen": ticket}, as_user=None)
    assert "signed_in_as" not in at.session_state
    assert "has been used or has expired" in " ".join(str(i.value) for i in at.info)


def test_a_window_signed_in_by_ticket_shows_only_the_carers_screen_and_is_signed_out_when_it_ends(two_screens):
    ticket = tickets.audience_ticket("ada", open_review())
    at = app({"screen": ticket}, as_user=None)
    text = " ".join(str(getattr(e, "value", "")) for e in at.main)
    assert at.session_state["signed_in_as"] == "ada"
    assert not at.text_area and "Private note" not in text and GUIDER_NOTE not in text and NOTE not in text
    assert [b.label for b in at.button] == ["Use this window for my notes"]  # leaving is done from the laptop
    assert at.query_params.get("screen") is None  # the ticket leaves the address bar
    assert leave("ada", PIN).left
    at.run()
    # A calm end on the TV: thanks, and nothing to sign in to across the room.
    assert any("Thank you for watching together." in h.proto.body for h in at.get("html"))
    assert "signed_in_as" not in at.session_state and not at.text_input
    open_screen("ada", "VIG-0001", 1)  # even a new review of the same family: this window stays signed out
    at.run()
    assert "Moments with Sam" not in " ".join(str(getattr(e, "value", "")) for e in at.main)
    assert "signed_in_as" not in at.session_state and not at.text_input


def test_a_used_ticket_signs_nobody_in(two_screens):
    ticket = tickets.audience_ticket("ada", open_review())
    assert tickets.redeem_ticket(ticket) == ("ada", open_review())
    at = app({"screen": ticket}, as_user=None)
    assert "has been used or has expired" in " ".join(str(i.value) for i in at.info)
    assert [t.label for t in at.text_input] == ["User name", "Password"]


def test_the_presenter_view_is_only_the_opening_sessions_and_taking_it_needs_the_pin(two_screens):
    at = app()  # another session of Ada's (a reload): the carer's screen, not the notes
    assert not any("Private note" in t.label for t in at.text_area)
    assert not claim_presenter("ada", "session-x", "111111").left
    assert load_accounts()["ada"].shared_screen.presenter == "session-laptop"
    assert claim_presenter("ada", "session-x", PIN).left
    assert load_accounts()["ada"].shared_screen.presenter == "session-x"
    leave("ada", PIN)
    with pytest.raises(InvalidInput, match="not on two screens"):
        claim_presenter("ada", "session-y", PIN)


def test_hostile_words_reach_the_carers_screen_as_text(client, two_screens):
    hostile = '<img src=x onerror="fetch(\'//evil\')"><script>alert(1)</script>'
    first = review.review_clips(two_screens.load("VIG-0001"), 1)[0]
    stage.change("ada", "VIG-0001", 1, clip_id=first.id, words=(hostile,))
    scene = poll(client, tv_token()).json()["scene"]
    assert scene["words"] == [hostile]  # data, drawn with textContent by the stage (never as markup)
    assert "innerHTML" not in (media.Path(media.__file__).parent / "assets" / "stage.js").read_text()


def test_a_link_made_for_one_review_is_refused_by_the_next_and_a_long_one_is_renewed(client, two_screens):
    old = tv_token()
    assert leave("ada", PIN).left
    open_screen("ada", "VIG-0001", 1, presenter="session-laptop")
    assert poll(client, old).status_code == 404  # a window left over from the last review follows nothing
    stage.start("ada", "VIG-0001", 1)
    nearly_over = tv_token(now=time.time() - (links.LINK_MINUTES * 60 - 60))  # a minute to run
    version = poll(client, tv_token()).json()["scene"]["version"]
    renewed = poll(client, nearly_over, after=version)
    assert renewed.status_code == 200 and renewed.json()["poll"].startswith(media.STAGE_ROUTE)
    fresh = renewed.json()["poll"].rsplit("/", 1)[1]
    assert poll(client, fresh, after=version).status_code == 204


def test_erasing_the_family_mid_review_leaves_a_way_out_not_a_dead_end(two_screens):
    at = app()  # the carer's screen (not the presenter's session)
    erase_family(two_screens, "VIG-0001")
    at.run()
    assert "cannot go on" in " ".join(str(i.value) for i in at.info)
    assert not at.exception and [b.label for b in at.button] == ["Use this window for my notes"]
    open_screen("ada", "VIG-0001", 1)  # and on one screen: the PIN still leads out
    at = app()
    assert not at.exception and [b.label for b in at.button] == ["Leave"]
