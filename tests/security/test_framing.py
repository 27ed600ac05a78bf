"""Finding 27.12: no page, link or asset of the app can be shown inside another site's page (clickjacking)."""

from __future__ import annotations

import urllib.request

import pytest

from ..browser.conftest import AppServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("framing") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VIG_DATA_ROOT", str(root))
        running = AppServer(root)
    yield running
    running.stop()


@pytest.mark.parametrize("path", ["/", "/caseload", "/_stcore/health", "/vig-media/forged/x.mp4",
                                  "/vig-made/forged/x.ics", "/static/index.html"])
def test_every_answer_forbids_framing_by_another_site(server, path):
    try:
        answer = urllib.request.urlopen(server.url + path, timeout=30)
    except urllib.error.HTTPError as refused:  # a refused link is framed no more than a page
        answer = refused
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in answer.headers.get_all("Content-Security-Policy")
