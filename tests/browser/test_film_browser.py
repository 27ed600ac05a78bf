"""The portrait phone film's review copy plays upright in a real Chromium, streamed from disk."""

import os
import signal
import threading
from datetime import date
from pathlib import Path

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent

from ..conftest import make_family
from ..consumers import processes, wait_until
from .axe import violations
from .conftest import AppServer, elsewhere, visit
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
    # The original never reaches the browser, and the media route serves only what a checked link names.
    assert not [url for url in requested if "original" in url]
    assert page.request.get(server.url + "/vig-media/0123456789abcdef/family.json").status == 404


def test_uploading_a_film_in_the_browser_prepares_it(data_root, films, page, artifacts):
    server = AppServer(_family(data_root))
    try:
        visit(page, server.url + "/film?family=VIG-0001")
        add = page.get_by_role("button", name="Add this film").first  # the one on the Upload tab, open first
        assert add.is_disabled()
        with app_rerun(page, timeout_s=300):  # the upload, then the run that hears it has all arrived
            page.locator("input[type='file']").set_input_files(str(films["vfr"]))
        page.get_by_text("vfr.mp4 (", exact=False).wait_for()
        with app_rerun(page):
            add.click()  # no activity said yet: asked for, and the film stays in the box
        page.get_by_text("Please say what activity was filmed").wait_for()
        assert page.get_by_text("vfr.mp4 (", exact=False).is_visible() and add.is_enabled()
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
        page.screenshot(path=artifacts / "film-upload-done.png")
        assert violations(page) == []  # the upload box, its bar full and its Remove offered
        with app_rerun(page):
            add.click()
        page.locator("video#film-proxy").wait_for(timeout=300_000)
        page.screenshot(path=artifacts / "film-uploaded.png")
        film = FamilyStore(data_root).load("VIG-0001").cycles[0].film
        assert film.ready and film.original_name == "vfr.mp4" and film.activity == "Snack time"
        assert film.facts.variable_frame_rate
        assert not [p for p in (data_root / "families").rglob("*") if ".partial" in p.name or ".upload" in p.name]
    finally:
        server.stop()


def _family(data_root: Path) -> Path:
    store = FamilyStore(data_root)
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    return data_root


def _rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field} for {pid}")


def test_a_1_gb_upload_goes_to_disk_not_memory_and_a_cancel_leaves_nothing(data_root, page, tmp_path, artifacts):
    """The walk that took the server past 2 GB: a 1 GB film through the Upload tab. The app server's memory stays
    under 500 MB while it arrives and goes back to where it was; Remove, and a cancel part-way, leave nothing."""
    big = tmp_path / "MOV_1GB.MP4"
    with open(big, "wb") as out:  # real bytes, not a sparse file: every one of them crosses the wire
        block = os.urandom(1024 * 1024)
        for _ in range(1024):
            out.write(block)
    server = AppServer(_family(data_root))
    try:
        app = next(p for p in processes() if p.parent == server.process.pid
                   and b"serve.py" in Path(f"/proc/{p.pid}/cmdline").read_bytes())
        visit(page, server.url + "/film?family=VIG-0001")
        before = _rss_mb(app.pid)
        peak, stop = [before], threading.Event()

        def watch() -> None:
            while not stop.is_set():
                peak.append(_rss_mb(app.pid))
                stop.wait(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        with app_rerun(page, timeout_s=600):
            page.locator("input[type='file']").set_input_files(str(big))
            page.get_by_role("progressbar", name="Film uploaded").wait_for()
            page.wait_for_function("""() => [...document.querySelectorAll('*')].map(e => e.shadowRoot || e)
                .some(r => /Uploading MOV_1GB.MP4: .* of 1.1 GB \\([1-9]/.test(r.textContent || ''))""")
            page.screenshot(path=artifacts / "film-upload-progress.png")
            assert violations(page) == []  # the upload box mid-way: its bar, its words, its Cancel
        page.get_by_text("MOV_1GB.MP4 (1.1 GB) is uploaded").wait_for()
        stop.set()
        watcher.join()
        incoming = data_root / "families" / "VIG-0001" / "media" / ".incoming"
        assert sum(p.stat().st_size for p in incoming.glob("*.upload")) == 1024 ** 3
        after = _rss_mb(app.pid)
        print(f"server RSS: {before:.0f} MB before, peak {max(peak):.0f} MB, {after:.0f} MB after (1 GiB upload)")
        assert max(peak) <= 500 and after <= before + 50, (before, max(peak), after)
        assert page.get_by_role("button", name="Add this film").first.is_enabled()

        with app_rerun(page):
            page.get_by_role("button", name="Remove").click()  # the whole film, sent but not wanted
        wait_until(lambda: not incoming.exists() or not list(incoming.iterdir()), "the removed upload to go")
        assert page.get_by_role("button", name="Add this film").first.is_disabled()

        page.locator("input[type='file']").set_input_files(str(big))
        page.wait_for_function("""() => [...document.querySelectorAll('*')].map(e => e.shadowRoot || e)
            .some(r => /Uploading MOV_1GB.MP4: [1-9]\\d* MB/.test(r.textContent || ''))""")
        page.get_by_role("button", name="Cancel upload").click()  # part-way
        page.get_by_text("Choose the film").wait_for()
        # The browser's DELETE, then any piece still on the wire finding its upload gone.
        wait_until(lambda: not incoming.exists() or not list(incoming.iterdir()), "the cancelled upload to go")
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
