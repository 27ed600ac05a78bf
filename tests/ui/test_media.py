"""The media route serves only through checked links: signed, tied to a signed-in session, re-checked each time."""

from datetime import date

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from workbench import FamilyStore
from workbench.care.consent import add_consent, withdraw
from workbench.care.retention import erase_family
from workbench.trust import links
from workbench.ui import media

from ..conftest import make_family
from ..pages.helpers import account


@pytest.fixture
def client():
    return TestClient(Starlette(routes=media.media_routes()))


@pytest.fixture
def clip(data_root):
    FamilyStore().create(make_family())
    path = data_root / "families" / "VIG-0001" / "media" / "0123456789ab" / "clips" / "clip.mp4"
    path.parent.mkdir(parents=True)
    path.write_bytes(bytes(range(256)) * 40)
    account("ada")
    links.signed_in("session-1", "ada")
    yield path
    links.signed_out("session-1")


def url(path, session="session-1", user="ada", **kwargs):
    return f"{media.ROUTE}/{links.token_for(path, session, user, **kwargs)}/{path.name}"


def test_a_checked_link_streams_with_ranges_and_stays_stable(client, clip, data_root):
    link = url(clip)
    assert str(data_root) not in link and "VIG-0001" not in link.rsplit("/", 1)[0].split(".")[-1]
    whole = client.get(link)
    assert whole.status_code == 200 and whole.content == clip.read_bytes()
    assert whole.headers["content-type"] == "video/mp4" and whole.headers["accept-ranges"] == "bytes"
    part = client.get(link, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == bytes(range(10, 20))
    assert url(clip) == link  # stable within its life, so a player need not reload


def test_forged_expired_and_signed_out_links_serve_nothing(client, clip):
    link = url(clip)
    token = link.split("/")[2]
    assert client.get(link.replace(token, token[:-1] + ("0" if token[-1] != "0" else "1"))).status_code == 404
    old = links.token_for(clip, "session-1", "ada", download=True, now=0)  # minted long ago: expired
    assert client.get(f"{media.ROUTE}/{old}/clip.mp4").status_code == 404
    assert client.get(url(clip, session="no-such-session")).status_code == 404
    links.signed_out("session-1")
    assert client.get(link).status_code == 404


def test_another_guider_cannot_use_a_link_and_erasure_and_withdrawal_end_them(client, clip, data_root):
    account("ben")
    links.signed_in("session-2", "ben")
    assert client.get(url(clip, session="session-2", user="ben")).status_code == 404  # not Ben's family
    store = FamilyStore()
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["viewing by a VIG supervisor"]))
    account("sue")
    links.signed_in("session-3", "sue")
    supervisor = url(clip, session="session-3", user="sue")
    assert client.get(supervisor).status_code == 200
    consent = store.load("VIG-0001").consents[0]
    withdraw(store, "VIG-0001", consent.id, date.today())
    assert client.get(supervisor).status_code == 404
    guider = url(clip)
    assert client.get(guider).status_code == 200
    erase_family(store, "VIG-0001")
    assert client.get(guider).status_code == 404


def test_only_a_familys_media_can_be_linked(clip, data_root, tmp_path):
    outside = tmp_path / "secret.mp4"
    outside.write_bytes(b"x")
    for path in (outside, data_root / ".." / "secret.mp4", data_root / "accounts.json",
                 data_root / "families" / "VIG-0001" / "family.json"):
        with pytest.raises(ValueError):
            links.token_for(path, "session-1", "ada")


def test_a_filmstrips_links_made_at_once_refuse_what_one_link_refuses(client, clip, data_root, tmp_path):
    folder = clip.parent
    for n in range(3):
        (folder / f"thumb-{n}.jpg").write_bytes(b"jpeg")
    made = links.tokens_for([folder / f"thumb-{n}.jpg" for n in range(3)], "session-1", "ada")
    assert [client.get(f"{media.ROUTE}/{t}/x.jpg").content for t in made] == [b"jpeg"] * 3
    # A picture planted as a link out of the data root, the store itself, or a name that climbs: refused.
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"secret")
    (folder / "planted.jpg").symlink_to(outside)
    for path in (folder / "planted.jpg", folder.parent.parent.parent / "family.json", folder / ".." / ".." / ".."
                 / ".." / ".." / "accounts.json", data_root / ".." / "secret.jpg"):
        with pytest.raises(ValueError):
            links.tokens_for([folder / "thumb-0.jpg", path], "session-1", "ada")


def test_downloads_are_attachments_and_are_audited(client, clip, data_root):
    from workbench.trust.audit import entries

    response = client.get(url(clip, download=True).replace("/clip.mp4", "/Our%20clip.mp4"))
    assert response.status_code == 200
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''Our%20clip.mp4"
    assert [(e.who, e.what, e.family) for e in entries()][:1] == [("ada", "export", "VIG-0001")]


def test_without_the_route_urls_come_from_streamlits_media_manager(data_root, monkeypatch):
    monkeypatch.setattr(media, "_mounted", False)
    still = data_root / "families" / "VIG-0001" / "media" / "still.jpg"
    still.parent.mkdir(parents=True)
    still.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")

    def page():
        from pathlib import Path

        import streamlit as st

        from workbench.ui.media import media_url

        st.write(media_url(Path(st.session_state["still"])))

    at = AppTest.from_function(page)
    at.session_state["still"] = str(still)
    at.run()
    assert not at.exception
    link = at.markdown[0].value
    assert "/media/" in link and link.endswith(".jpg") and str(data_root) not in link


def test_video_tag_escapes_what_it_is_given():
    tag = media.video_tag('/vig-media/t/a.mp4"><script>alert(1)</script>', element_id="x", loop=True)
    assert "<script>" not in tag and "&quot;&gt;&lt;script&gt;" in tag and " loop" in tag
