"""Two-screen sync: how long from a click on the presenter view to the carer's screen following it, in the room
and at a distance.

Prints `sync_ms` (median, click on the presenter's speed control to the audience <video>'s `ratechange`,
both stamped by the browser's own clock) and `rerun_ms` (median round trip of that same click's app run,
the baseline measured in the same process), and `sync_vs_rerun` (their ratio). The issue's target is
sync_ms <= 500 on an idle machine. `first_show_ms`: Next on the presenter view to the carer's screen
showing a clip it has never shown (its first frame ready to draw), target <= 1000; the review's clips are
cut on the queue as its page opens, and the benchmark waits for that as a guider would see it.

At a distance (issue 31): the whole run goes through Caddy over HTTPS, and two carers follow the same review
on their own phones, one on a home 4G line (100 ms, 5 Mbit/s) and one on a poor line (300 ms, 1.5 Mbit/s),
emulated by Chrome DevTools. For each presenter action (speed, pause, play, still, zoom in and out, Next) the
time from the click to that phone's <video> showing it: `remote_4g_median_ms` and `remote_4g_worst_ms`
(targets <= 600 and <= 1500), `remote_4g_first_frame_ms` (Next to the next clip's first frame, target
<= 2000), the same for `remote_poor_*`, and `remote_4g_vs_room`: the 4G median over the TV's in the room
(the baseline, same run).

Run: .venv/bin/python benchmarks/bench_two_screens.py [--smoke]   (or: make bench)
`--smoke` makes two changes of speed on a 4 s 360p film, then Next, so the suite can check the benchmark
still runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, AppServer, authority, trusting_home, visit
from tests.browser.phones import HOME_4G, POOR_LINE, join, on_a_phone
from tests.browser.reruns import app_rerun, follow
from tests.films import family_with_film
from tests.pages.helpers import account
from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.config import DATA_ROOT_ENV
from workbench.cycle import analysis, invitations, review
from workbench.cycle.bookings import book
from workbench.cycle.shared_screen import set_pin
from workbench.media.synthetic import make_film
from workbench.model import ConsentScope, SessionKind

FIGURES = ("sync_ms", "rerun_ms", "sync_vs_rerun", "first_show_ms", "remote_4g_median_ms", "remote_4g_worst_ms",
           "remote_4g_first_frame_ms", "remote_poor_median_ms", "remote_poor_worst_ms", "remote_poor_first_frame_ms",
           "remote_4g_vs_room")
STAMP_CLICKS = "document.addEventListener('click', () => { window.__clickAt = Date.now(); }, true)"
# The moment the carer's screen has the next clip's first frame ready to draw (a new source, loaded).
STAMP_FIRST_FRAME = """(() => {
  const v = [...document.querySelectorAll('*')].map(e => e.shadowRoot?.querySelector('video')).find(Boolean);
  const before = v.currentSrc;
  v.addEventListener('loadeddata', function seen() {
    if (v.currentSrc !== before) { window.__shownAt = Date.now(); v.removeEventListener('loadeddata', seen); }
  });
})()"""
STAMP_RATE = """(() => {
  const find = () => [...document.querySelectorAll('*')].map(e => e.shadowRoot?.querySelector('video'))
    .find(Boolean);
  const v = find();
  v.addEventListener('ratechange', () => { window.__rateAt = Date.now(); window.__rate = v.playbackRate; });
})()"""
# Everything the carer's screen's player does, stamped by the browser's clock: the events, and each zoom.
STAMP_PLAYER = """(() => {
  const find = () => document.querySelector('.vig-stage video')
    || [...document.querySelectorAll('*')].map(e => e.shadowRoot?.querySelector('video')).find(Boolean);
  const v = find();
  const stage = v.closest('.vig-stage'), zoomer = v.closest('.zoomer');
  window.__seen = [];
  const note = (what) => window.__seen.push({what, at: Date.now(), rate: v.playbackRate, paused: v.paused,
                                             clip: stage.dataset.clip, zoom: zoomer.style.transform});
  for (const what of ['ratechange', 'pause', 'play', 'seeked', 'loadeddata']) {
    v.addEventListener(what, () => note(what));
  }
  new MutationObserver(() => note('zoom')).observe(zoomer, {attributes: true, attributeFilter: ['style']});
})()"""
LIVE = "() => document.body.dataset.state === 'live' && document.querySelector('.vig-stage video')?.readyState >= 2"


def _family(tmp: str, smoke: bool) -> tuple[FamilyStore, list[str]]:
    """VIG-0001: a ready film, three chosen clips, two carers who consent to watching on their own devices, and
    a review booked for each within the hour; returns the store and each carer's link's secret."""
    store = FamilyStore()
    size = dict(seconds=4, width=640, height=360) if smoke else dict(seconds=8, width=1280, height=720)
    family_with_film(store, make_film(Path(tmp) / "film.mp4", **size), carers=[
        {"name": "Jo Smith", "role": "foster carer"}, {"name": "Kim Lee", "role": "foster carer"}])
    starts = datetime.now() + timedelta(minutes=5)

    def ready(f):
        add_consent(f, "Jo Smith", "foster carer", date.today(), [ConsentScope.REMOTE_REVIEW])
        for start in (200, 1400, 2600):
            clip = analysis.add_clip(f, 1, start, start + 1000, ["attentive"])
            analysis.choose(f, 1, clip.id, True)
        for minutes in (0, 1):
            moment = starts + timedelta(minutes=minutes)
            book(f, SessionKind.SHARED_REVIEW, moment.date(), moment.time().replace(second=0, microsecond=0))

    store.update("VIG-0001", ready)
    ids = [s.id for s in store.load("VIG-0001").sessions]
    return store, [invitations.invite(store, "ada", "VIG-0001", session, carer).token
                   for session, carer in zip(ids, ("Jo Smith", "Kim Lee"), strict=True)]


def _seen(window, since: int, condition: str) -> int:
    """When ``window``'s player first did what ``condition`` says (over its event ``e``) after ``since``."""
    test = f"e => e.at >= {since} && ({condition})"
    try:
        window.wait_for_function(f"() => (window.__seen || []).some({test})", polling=20, timeout=60_000)
    except Exception:
        print(condition, since, window.evaluate("() => window.__seen.slice(-6)"), file=sys.stderr)
        raise
    return window.evaluate(f"() => window.__seen.find({test}).at")


def main(smoke: bool) -> dict[str, float]:
    rounds = 2 if smoke else 12
    laps = 1 if smoke else 4
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        os.environ[DATA_ROOT_ENV] = str(root)
        account("ada")
        store, tokens = _family(tmp, smoke)
        server = AppServer(root, proxied=True)
        set_pin("ada", "246813", root)
        clips = [c.id for c in review.review_clips(store.load("VIG-0001"), 1)]
        try:
            with sync_playwright() as playwright:
                home = trusting_home(Path(tmp) / "home", authority())
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                                     env={**os.environ, "HOME": str(home)})
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                laptop = context.new_page()
                follow(laptop)
                laptop.set_default_timeout(120_000)
                visit(laptop, server.url + "/review?family=VIG-0001")
                laptop.get_by_text("All 3 clips are ready to show.").wait_for(timeout=300_000)
                with app_rerun(laptop):
                    laptop.get_by_role("button", name="Shared review on two screens").click()
                with context.expect_page() as opened:
                    laptop.get_by_text("Open the carer's screen in a new window").click()
                tv = opened.value
                tv.wait_for_function("""() => [...document.querySelectorAll('*')]
                    .map(e => e.shadowRoot?.querySelector('video')).find(v => v && v.readyState >= 2)""")
                tv.evaluate(STAMP_RATE)
                laptop.evaluate(STAMP_CLICKS)
                syncs, reruns = [], []
                for n in range(rounds):
                    speed, rate = ("Slow", 0.5) if n % 2 == 0 else ("Normal", 1)
                    started = time.perf_counter()
                    with app_rerun(laptop):
                        laptop.get_by_text(speed, exact=True).click()
                    reruns.append((time.perf_counter() - started) * 1000)
                    tv.wait_for_function(f"() => window.__rate === {rate}", polling=20)
                    syncs.append(tv.evaluate("window.__rateAt") - laptop.evaluate("window.__clickAt"))
                tv.evaluate(STAMP_FIRST_FRAME)
                with app_rerun(laptop):
                    laptop.get_by_role("button", name="Next").click()
                tv.wait_for_function("() => window.__shownAt", polling=20)
                first_show = tv.evaluate("window.__shownAt") - laptop.evaluate("window.__clickAt")
                remote = _at_a_distance(browser, server, laptop, tv, tokens, clips, laps)
                browser.close()
        finally:
            server.stop()
    print(f"sync each time (ms): {[round(s) for s in syncs]}", file=sys.stderr)
    sync, rerun = statistics.median(syncs), statistics.median(reruns)
    return {"sync_ms": sync, "rerun_ms": rerun, "sync_vs_rerun": sync / rerun, "first_show_ms": first_show,
            **remote, "remote_4g_vs_room": remote["remote_4g_median_ms"] / remote.pop("room_median_ms")}


def _at_a_distance(browser, server, laptop, tv, tokens: list[str], clips: list[str], laps: int) -> dict:
    """Two carers join on their phones; each presenter action is timed to the TV and to each phone's player."""
    lines = {"4g": HOME_4G, "poor": POOR_LINE}
    phones = {}
    for (name, line), token, carer in zip(lines.items(), tokens, ("Jo", "Kim"), strict=True):
        code = laptop.get_by_text(f"Code to read to {carer}").locator(".vig-carer-code").inner_text()
        phones[name] = on_a_phone(browser, line)[1]
        join(phones[name], f"{server.url}/join#{token}", code.replace(" ", ""))
    for phone in phones.values():
        phone.wait_for_function(LIVE, timeout=120_000)
        phone.wait_for_function(f"() => document.body.dataset.preloaded === '{len(clips)}'", timeout=120_000)
    windows = {"room": tv, **phones}
    for window in windows.values():
        window.evaluate(STAMP_PLAYER)
    frame = laptop.locator(".vig-stage .frame").bounding_box()

    def drag() -> None:
        laptop.mouse.move(frame["x"] + frame["width"] * 0.3, frame["y"] + frame["height"] * 0.2)
        laptop.mouse.down()
        laptop.mouse.move(frame["x"] + frame["width"] * 0.7, frame["y"] + frame["height"] * 0.7, steps=4)
        laptop.mouse.up()

    click = lambda name, exact=True: lambda: laptop.get_by_text(name, exact=exact).click()  # noqa: E731
    button = lambda name: lambda: laptop.get_by_role("button", name=name).click()  # noqa: E731
    actions = [(click("Slow"), "e.what === 'ratechange' && e.rate === 0.5"),
               (click("Normal"), "e.what === 'ratechange' && e.rate === 1"),
               (button("Pause"), "e.what === 'pause'"), (button("Play"), "e.what === 'play'"),
               (click("Still"), "e.what === 'seeked' && e.paused"), (button("Play"), "e.what === 'play'"),
               (drag, "e.what === 'zoom' && !e.zoom.includes('scale(1)')"),
               (button("Zoom out"), "e.what === 'zoom' && e.zoom.includes('scale(1)')")]
    timings: dict[str, list[float]] = {name: [] for name in windows}
    firsts: dict[str, list[float]] = {name: [] for name in windows}
    shown = 1  # the TV's measurement above moved on to the second clip
    if laps == 1:  # the smoke: one change of speed and back shows the way works (the browser tests try each)
        actions = actions[:2]
    for _ in range(laps):
        for act, condition in actions:
            before = laptop.evaluate("Date.now()")  # a drag is no click: it is stamped as it starts
            with app_rerun(laptop):
                act()
            clicked = laptop.evaluate("window.__clickAt") if act is not drag else before
            for name, window in windows.items():
                timings[name].append(_seen(window, clicked - 5, condition) - clicked)
        shown = (shown + 1) % len(clips)
        with app_rerun(laptop):
            laptop.get_by_role("button", name="Next" if shown else "Clip 1").click()
        clicked = laptop.evaluate("window.__clickAt")
        for name, window in windows.items():
            firsts[name].append(_seen(window, clicked, f"e.what === 'loadeddata' && e.clip === '{clips[shown]}'")
                                - clicked)
    for name in windows:
        print(f"{name}: each action (ms) {[round(t) for t in timings[name]]}, first frames {firsts[name]}",
              file=sys.stderr)
    figures = {"room_median_ms": statistics.median(timings["room"])}
    for name in phones:
        every = timings[name] + firsts[name]
        figures.update({f"remote_{name}_median_ms": statistics.median(every),
                        f"remote_{name}_worst_ms": max(every),
                        f"remote_{name}_first_frame_ms": max(firsts[name])})
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="two changes: checks the benchmark runs")
    figures = main(parser.parse_args().smoke)
    for name in FIGURES:
        print(f"{name}: {figures[name]:.3f}")
