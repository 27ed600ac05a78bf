
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from workbench.ui import media


@pytest.fixture
def mounted(monkeypatch):
    monkeypatch.setattr(media, "_mounted", False)
    app = Starlette(routes=media.media_routes())
    return TestClient(app)


def test_registered_files_stream_with_ranges(mounted, data_root):
    clip = data_root / "families" / "VIG-0001" / "media" / "a" / "clip.mp4"
    clip.parent.mkdir(parents=True)
    clip.write_bytes(bytes(range(256)) * 40)
    url = media.media_url(clip)
    assert url.startswith("/vig-media/") and url.endswith("/clip.mp4") and str(data_root) not in url
    whole = mounted.get(url)
    assert whole.status_code == 200 and whole.content == clip.read_bytes()
    assert whole.headers["content-type"] == "video/mp4" and whole.headers["accept-ranges"] == "bytes"
    part = mounted.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == bytes(range(10, 20))
    assert media.media_url(clip) == url  # stable, so the browser can cache and seek


def test_nothing_unregistered_or_outside_the_data_root_is_served(mounted, data_root, tmp_path):
    assert mounted.get("/vig-media/deadbeefdeadbeefdeadbeefdeadbeef/family.json").status_code == 404
    outside = tmp_path / "secret.mp4"
    outside.write_bytes(b"x")
    with pytest.raises(ValueError, match="outside the data root"):
        media.media_url(outside)
    sneaky = data_root / ".." / "secret.mp4"
    with pytest.raises(ValueError, match="outside the data root"):
        media.media_url(sneaky)


def test_without_the_route_urls_come_from_streamlits_media_manager(data_root, monkeypatch):
    monkeypatch.setattr(media, "_mounted", False)
    still = data_root / "still.jpg"
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
    url = at.markdown[0].value
    assert "/media/" in url and url.endswith(".jpg") and str(data_root) not in url


def test_video_tag_escapes_what_it_is_given():
    tag = media.video_tag('/vig-media/t/a.mp4"><script>alert(1)</script>', element_id="x", loop=True)
    assert "<script>" not in tag and "&quot;&gt;&lt;script&gt;" in tag and " loop" in tag
