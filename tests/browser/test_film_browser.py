"""The portrait phone film's review copy plays upright in a real Chromium, streamed from disk."""

import os
import signal
from pathlib import Path

import pytest

from workbench.care.consent import add_consent

from .conftest import elsewhere, visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser


def test_the_portrait_proxy_plays_upright(film_server, page, artifacts):
    server, _ = film_server("phone")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, server.url + "/film?family=VIG-0001")  # a deep link straight after the server started
    # app.py routed it: its navigation is drawn (the links can come a moment after the run has finished)
    page.locator("[data-testid='stSidebar']").get_by_text("Caseload").wait_for()
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
    assert not elsewhere(requested, server.url), elsewhere(requested, server.url)
    # The original never reaches the browser.
    assert not [url for url in requested if "original" in url]


def test_media_route_serves_only_registered_files(film_server, page):
    server, _ = film_server("phone")
    response = page.request.get(server.url + "/vig-media/0123456789abcdef/family.json")
    assert response.status == 404


def test_uploading_a_film_in_the_browser_prepares_it(data_root, films, page, artifacts):
    from datetime import date

    from workbench import FamilyStore

    from ..conftest import make_family
    from .conftest import AppServer

    store = FamilyStore(data_root)
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    server = AppServer(data_root)
    try:
        visit(page, server.url + "/film?family=VIG-0001")
        page.get_by_role("textbox", name="Activity filmed").fill("Snack time")
        with app_rerun(page):
            page.get_by_role("textbox", name="Activity filmed").press("Tab")
        # From a folder: the first click counts, with the path just typed (no Enter, no Tab first).
        page.get_by_role("tab", name="From a folder on this computer").click()
        page.get_by_role("textbox", name="Full path of the film").fill("/nowhere/MOV_0042.MP4")
        with app_rerun(page):
            page.get_by_role("button", name="Add this film").click()  # the one on the open tab
        page.get_by_text("There is no film at /nowhere/MOV_0042.MP4").wait_for()
        page.get_by_role("tab", name="Upload").click()
        with app_rerun(page, timeout_s=300):  # the upload, then the run that sees it
            page.locator("input[type='file']").set_input_files(str(films["vfr"]))
        page.get_by_text("vfr.mp4").first.wait_for()
        with app_rerun(page):
            page.get_by_role("button", name="Add this film").first.click()
        page.locator("video#film-proxy").wait_for(timeout=300_000)
        page.screenshot(path=artifacts / "film-uploaded.png")
        film = store.load("VIG-0001").cycles[0].film
        assert film.ready and film.original_name == "vfr.mp4" and film.activity == "Snack time"
        assert film.facts.variable_frame_rate and not list((data_root / "families").rglob("*.partial*"))
    finally:
        server.stop()


def test_a_queue_of_three_films_in_the_browser(data_root, films, page, artifacts):
    """Two families' films are already on the queue; the third, added in the browser, waits its turn, then plays.

    The app's consumer is held (SIGSTOP) while the queue is filled, so the wait is seen however fast the machine,
    without films long enough to outlast a slow one."""
    from datetime import date

    from workbench import FamilyStore
    from workbench.cycle import films as film_service

    from ..conftest import make_family
    from ..consumers import processes
    from .conftest import AppServer

    store = FamilyStore(data_root)
    for code in ("VIG-0001", "VIG-0002", "VIG-0003"):
        store.create(make_family(code))
        store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    server = AppServer(data_root)
    consumer = next(p.pid for p in processes() if p.parent == server.process.pid
                    and b"workbench.jobs.consumer" in Path(f"/proc/{p.pid}/cmdline").read_bytes())
    os.killpg(consumer, signal.SIGSTOP)  # the consumer, its workers and their encoders
    try:
        for code in ("VIG-0001", "VIG-0002"):
            film_service.add(store, code, 1, film_service.stage_file(store, code, films["vfr"]), "Play",
                             date.today())
        visit(page, server.url + "/film?family=VIG-0003")
        page.get_by_role("textbox", name="Activity filmed").fill("Snack time")
        page.get_by_role("tab", name="From a folder on this computer").click()
        box = page.get_by_role("textbox", name="Full path of the film")
        box.fill(str(films["landscape"]))
        with app_rerun(page):
            box.press("Tab")
        with app_rerun(page):
            page.locator("[data-testid='stTabPanel'] button", has_text="Add this film").last.click()
        page.get_by_text("Waiting its turn: 2 films ahead of yours").wait_for()
        assert page.get_by_role("button", name="Cancel").is_visible()
        page.screenshot(path=artifacts / "film-queue-waiting.png")
    finally:
        os.killpg(consumer, signal.SIGCONT)
    try:
        page.locator("video#film-proxy").wait_for(timeout=600_000)  # its turn came, and it was prepared
        page.screenshot(path=artifacts / "film-queue-ready.png")
        assert all(store.load(code).cycles[0].film.ready for code in ("VIG-0001", "VIG-0002", "VIG-0003"))
    finally:
        server.stop()
