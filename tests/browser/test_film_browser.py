"""The portrait phone film's review copy plays upright in a real Chromium, streamed from disk."""

import pytest

from .conftest import wait_for_app

pytestmark = pytest.mark.browser


def test_the_portrait_proxy_plays_upright(film_server, page, artifacts):
    server, _ = film_server("phone")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server.url + "/film?family=VIG-0001")  # a deep link straight after the server started
    wait_for_app(page)
    assert "Caseload" in page.inner_text("[data-testid='stSidebarNav']")  # app.py routed it
    video = page.locator("video#film-proxy")
    video.wait_for()
    state = page.evaluate("""async () => {
        const v = document.querySelector('video#film-proxy');
        v.muted = true;
        await v.play();
        const start = v.currentTime;
        await new Promise(resolve => setTimeout(resolve, 1500));
        return {width: v.videoWidth, height: v.videoHeight, start, now: v.currentTime, src: v.currentSrc};
    }""")
    assert 0 < state["width"] < state["height"]
    assert state["now"] > state["start"] + 0.5
    assert "/vig-media/" in state["src"] and "proxy.mp4" in state["src"]
    page.screenshot(path=artifacts / "film-portrait.png")
    assert all(url.startswith(server.url) for url in requested)
    # The original never reaches the browser.
    assert not [url for url in requested if "original" in url]


def test_media_route_serves_only_registered_files(film_server, page):
    server, _ = film_server("phone")
    response = page.request.get(server.url + "/vig-media/0123456789abcdef/family.json")
    assert response.status == 404
