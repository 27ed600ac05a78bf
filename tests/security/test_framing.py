"""Every answer of the app, straight or through Caddy over HTTPS, carries the strict policy: no script but the
app's own, no framing by any page (the app's own included), no referrer, and HSTS where HTTPS is."""

from __future__ import annotations

import urllib.request

import pytest

from ..browser.conftest import AppServer

PATHS = ["/", "/caseload", "/_stcore/health", "/vig-media/forged/x.mp4", "/vig-made/forged/x.ics",
         "/static/index.html", "/join", "/vig-join/asset/carer.js", "/vig-join/stage", "/vig-join/asset/forged"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("framing") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VIG_DATA_ROOT", str(root))
        running = AppServer(root, proxied=True)
    yield running
    running.stop()


def fetch(url: str, context=None):
    try:
        return urllib.request.urlopen(url, timeout=30, context=context)
    except urllib.error.HTTPError as refused:  # a refused link carries the policy no less than a page
        return refused


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_carries_the_policy(server, path):
    for answer in (fetch(server.app_url + path), fetch(server.url + path, server.proxy.context)):
        policy = answer.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy and "base-uri 'none'" in policy
        scripts = next(d for d in policy.split("; ") if d.startswith("script-src "))
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_caddy_says_nothing_of_itself_and_serves_only_https(server):
    answer = fetch(server.url + "/_stcore/health", server.proxy.context)
    assert answer.status == 200 and answer.headers.get("Server") is None
    with pytest.raises(OSError):  # the certificate is Caddy's own authority's: no one else's trust reaches it
        urllib.request.urlopen(server.url + "/_stcore/health", timeout=10)
