"""Findings 27.2 and 27.4: every download goes through the checked route, and every download is audited.

The supervision record and the calendar files were served from Streamlit's own ``/media`` store, to anyone with
the address. Now each is made at the moment it is fetched, through a checked link bound to the session and the
browser, with the right to it checked on that request. A download fetched in ranges is audited all the same.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from workbench import FamilyStore
from workbench.cycle import bookings as sessions
from workbench.supervision import log as supervision
from workbench.trust import links
from workbench.trust.accounts import change_account
from workbench.trust.audit import entries
from workbench.ui import media, server

from ..conftest import ROOT, make_family
from ..pages.helpers import account


@pytest.fixture
def client():
    assert server.MAKERS  # wired as the server wires them
    return TestClient(Starlette(routes=media.media_routes()))


@pytest.fixture
def people(data_root):
    people = {name: account(name) for name in ("ada", "sue", "ben", "max")}  # max: the administrator
    store = FamilyStore()
    store.create(make_family("VIG-0001"))
    soon = (datetime.now() + timedelta(days=2)).date()
    store.update("VIG-0001", lambda f: sessions.book(f, "filming", soon, time(10, 0)))
    supervision.log_session(people["sue"], "ada", held_on=date(2026, 3, 2), minutes=60, stage=1,
                            families=["VIG-0001"], notes="Private supervision notes.", actions="")
    for session, name in (("s-ada", "ada"), ("s-sue", "sue"), ("s-ben", "ben")):
        links.signed_in(session, name)
    yield people
    for session in ("s-ada", "s-sue", "s-ben"):
        links.signed_out(session)


def test_no_page_offers_a_download_streamlit_serves_itself():
    """Every download is a checked link: no st.download_button (served from Streamlit's /media, to anyone)."""
    offenders = [p.relative_to(ROOT) for folder in ("pages", "workbench") for p in (ROOT / folder).rglob("*.py")
                 if re.search(r"\bdownload_button\(", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_supervision_record_is_made_for_its_readers_only_and_dies_with_the_right(client, people, data_root):
    def fetch(session, user):
        token = links.made_token(session, user, "supervision-record", "ada/pdf")
        return client.get(f"{media.MADE_ROUTE}/{token}/supervision-record-ada.pdf")

    mine = fetch("s-ada", "ada")
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    assert mine.headers["content-disposition"].startswith("attachment")
    assert mine.headers["cache-control"] == "private, no-store"
    assert fetch("s-sue", "sue").status_code == 200
    assert fetch("s-ben", "ben").status_code == 404  # not his record
    assert fetch("no-such-session", "ada").status_code == 404  # a signed-out browser
    change_account("sue", supervises=[], root=data_root)
    assert fetch("s-sue", "sue").status_code == 404  # taken off the guider: at once, still signed in
    token = links.made_token("s-ada", "ada", "supervision-record", "ada/pdf")
    links.signed_out("s-ada")
    assert client.get(f"{media.MADE_ROUTE}/{token}/x.pdf").status_code == 404


def test_calendars_are_made_for_the_guider_only(client, people):
    def fetch(session, user, kind, arg):
        return client.get(f"{media.MADE_ROUTE}/{links.made_token(session, user, kind, arg)}/vig-sessions.ics")

    mine = fetch("s-ada", "ada", "my-sessions", "")
    assert mine.status_code == 200 and b"BEGIN:VCALENDAR" in mine.content and b"VIG-0001" in mine.content
    assert b"VIG-0001" not in fetch("s-ben", "ben", "my-sessions", "").content  # his own: none of Ada's
    session_id = FamilyStore().load("VIG-0001").sessions[0].id
    one = fetch("s-ada", "ada", "session", f"VIG-0001/{session_id}")
    assert one.status_code == 200 and b"VIG-0001" in one.content
    assert fetch("s-ben", "ben", "session", f"VIG-0001/{session_id}").status_code == 404
    assert fetch("s-ada", "ada", "session", "../../accounts/x").status_code == 404
    assert fetch("s-ada", "ada", "no-such-kind", "").status_code == 404
    assert fetch("gone", "ada", "my-sessions", "").status_code == 404


def test_a_made_link_is_bound_to_the_browser_it_was_given_to(client, people):
    token = links.made_token("s-ada", "ada", "my-sessions", "", browser="a" * 32)
    assert client.get(f"{media.MADE_ROUTE}/{token}/vig-sessions.ics").status_code == 404  # no cookie: refused


def _clip(data_root):
    path = data_root / "families" / "VIG-0001" / "media" / "0123456789ab" / "clips" / "clip.mp4"
    path.parent.mkdir(parents=True)
    path.write_bytes(bytes(range(256)) * 40)
    return path


def test_a_download_fetched_in_ranges_is_audited_as_one_fetched_whole(client, people, data_root):
    clip = _clip(data_root)

    def exports():
        return [e for e in entries() if e.what == "export" and e.family == "VIG-0001"]

    link = f"{media.ROUTE}/{links.token_for(clip, 's-ada', 'ada', download=True)}/clip.mp4"
    part = client.get(link, headers={"Range": "bytes=0-"})
    assert part.status_code == 206 and part.content == clip.read_bytes()
    assert len(exports()) == 1
    assert client.get(link, headers={"Range": "bytes=10-19"}).status_code == 206  # the same download, resumed
    assert len(exports()) == 1
    assert client.get(link, headers={"Range": "bytes=0-0"}).status_code == 206  # its first byte again: a new one
    assert len(exports()) == 2
    links.signed_in("s-ada-2", "ada")
    other = f"{media.ROUTE}/{links.token_for(clip, 's-ada-2', 'ada', download=True)}/clip.mp4"
    assert client.get(other, headers={"Range": "bytes=5-9"}).status_code == 206  # a link's first fetch, anywhere
    assert len(exports()) == 3
    links.signed_out("s-ada-2")
