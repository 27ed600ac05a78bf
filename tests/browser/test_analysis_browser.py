"""Marking a clip with the keyboard in a real Chromium: the stored times are the video's own times."""

import re

import pytest

from .conftest import visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser

# Find the player's <video> inside the component's shadow root.
FIND_VIDEO = """() => {
  for (const host of document.querySelectorAll('*')) {
    const video = host.shadowRoot && host.shadowRoot.querySelector('.vig-player video');
    if (video) return video;
  }
  return null;
}"""


def find_the_player(page) -> None:
    """Give every document of ``page`` a ``vigVideo()`` that returns the player's <video> (call before visiting)."""
    page.add_init_script(f"window.vigVideo = {FIND_VIDEO};")


def shown_frame(page) -> dict:
    """The frame number the player shows, and the one drawn into the picture itself."""
    return page.evaluate("""() => {
      const video = vigVideo();
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(video, 0, 0);
      const stripe = Math.max(8, Math.floor(canvas.height / 10));
      const y = canvas.height - Math.floor(stripe / 2) - 1;
      let drawn = 0;
      for (let bit = 0; bit < 16; bit++) {
        const x = Math.floor((bit + 0.5) * canvas.width / 16);
        const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
        if ((r + g + b) / 3 > 128) drawn |= 1 << bit;
      }
      const label = video.parentElement.querySelector('.frame').textContent;
      return {drawn, label: parseInt(label.replace('frame ', ''), 10), time: video.currentTime};
    }""")


def test_keyboard_marks_reach_python_exactly(film_server, page, artifacts):
    server, store = film_server("landscape")
    page.set_viewport_size({"width": 1600, "height": 1000})
    find_the_player(page)
    visit(page, server.url + "/analysis?family=VIG-0001")
    page.locator(".vig-player video").wait_for()
    page.wait_for_function("() => { const v = vigVideo(); return v && v.readyState >= 2; }")
    page.evaluate("""() => {
      const video = vigVideo();
      video.muted = true;
      window.__pressed = {};
      document.addEventListener('keydown', (e) => {
        if (e.key === 'i' || e.key === 'o') window.__pressed[e.key] = video.currentTime;
      }, true);
    }""")

    page.keyboard.press(" ")
    page.wait_for_function("() => vigVideo().currentTime > 0.4")
    with app_rerun(page):  # the mark reaches Python
        page.keyboard.press("i")
    page.wait_for_function("() => vigVideo().currentTime > window.__pressed.i + 2.0")
    with app_rerun(page):
        page.keyboard.press("o")
    page.keyboard.press("k")  # pause
    pressed = page.evaluate("() => window.__pressed")
    with app_rerun(page):
        page.keyboard.press("Enter")
    page.get_by_text("Clip 00:0").first.wait_for()

    (clip,) = store.load("VIG-0001").cycles[0].clips
    frame = 1000 / 30
    assert abs(clip.start_ms - pressed["i"] * 1000) <= frame
    assert abs(clip.end_ms - pressed["o"] * 1000) <= frame
    assert clip.end_ms - clip.start_ms >= 2000 - frame

    step_frame(page)  # from a paused-while-playing moment onto the centre of a frame
    before = shown_frame(page)
    step_frame(page)
    after = shown_frame(page)
    assert before["drawn"] == before["label"]  # the number shown is the frame in the picture
    assert after["label"] == before["label"] + 1 and after["drawn"] == before["drawn"] + 1
    page.screenshot(path=artifacts / "micro-analysis.png")


def step_frame(page) -> None:
    """Press "." and wait until the player shows the next frame (the seek done, the label moved on)."""
    label = page.evaluate("() => vigVideo().parentElement.querySelector('.frame').textContent")
    page.keyboard.press(".")
    page.wait_for_function("""(label) => {
      const video = vigVideo();
      return !video.seeking && video.readyState >= 2
             && video.parentElement.querySelector('.frame').textContent !== label;
    }""", arg=label)


def test_the_player_is_large_and_a_clips_edges_move_by_play_position_drag_and_keys(film_server, page, artifacts):
    """Item 3, 4 and 5 of the walkthrough: one click moves an edge to the play position, a drag moves it on a
    filmstrip of whole pictures, and the player is the biggest thing on a 1440 px screen."""
    from workbench.cycle import analysis

    server, store = film_server("landscape")
    clip = store.update("VIG-0001", lambda f: analysis.add_clip(f, 1, 1000, 3000))
    find_the_player(page)
    visit(page, server.url + "/analysis?family=VIG-0001")
    page.wait_for_function("() => { const v = vigVideo(); return v && v.readyState >= 2; }")
    page.evaluate("() => { const v = vigVideo(); v.muted = true; v.pause(); }")

    # The player takes most of the width (it was 507 px), and nothing stray is written under it.
    video = page.locator(".vig-player video").bounding_box()
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    assert video["width"] >= 600 and video["width"] >= 0.55 * main["width"], (video, main)
    assert page.get_by_text("None", exact=True).count() == 0

    # The filmstrip: whole pictures at the film's shape (16:9), a time under each, covering the whole film.
    strip = page.evaluate("""() => [...document.querySelectorAll('*')].map(h => h.shadowRoot)
      .filter(Boolean).map(r => r.querySelector('.vig-player')).filter(Boolean).map(p => ({
        thumbs: [...p.querySelectorAll('.thumb')].map(t => ({w: t.getBoundingClientRect().width,
                 h: t.querySelector('img').getBoundingClientRect().height, label: t.innerText})),
        reel: p.querySelector('.reel').getBoundingClientRect().width,
      }))[0]""")
    assert len(strip["thumbs"]) == 3 and [t["label"] for t in strip["thumbs"]] == ["0:00", "0:02", "0:04"]
    assert all(abs(t["w"] / t["h"] - 16 / 9) < 0.05 for t in strip["thumbs"])
    px_per_ms = strip["reel"] / 6000

    # A band on the strip opens its clip.
    with app_rerun(page):
        page.locator(".vig-player .reel .band").first.click()
    page.get_by_role("heading", name="Clip 00:01.000–00:03.000").wait_for()

    # "Start here": the start goes to the frame the player shows (the middle of frame 15 at 30 fps).
    page.evaluate("() => { vigVideo().currentTime = 0.51; }")
    page.wait_for_function("() => !vigVideo().seeking")
    with app_rerun(page):
        page.get_by_role("button", name="Start here ([)").click()
    assert store.load("VIG-0001").cycles[0].clips[0].start_ms == 517

    # Drag the end grip to 4 s: it lands on the frame under the pointer (a pixel is about 20 ms).
    grip = page.locator(".vig-player .grip.end")
    grip.wait_for()
    box = grip.bounding_box()
    reel = page.locator(".vig-player .reel").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(reel["x"] + 4000 * px_per_ms, box["y"] + box["height"] / 2, steps=8)
    with app_rerun(page):
        page.mouse.up()
    moved = store.load("VIG-0001").cycles[0].clips[0]
    assert moved.id == clip.id and abs(moved.end_ms - 4000) <= 60 and moved.start_ms == 517
    page.get_by_role("heading", name=re.compile(r"^Clip 00:00\.517–00:0[34]\.")).wait_for()

    # Released outside the strip, the drag still ends there; a hover afterwards moves nothing.
    box = grip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(reel["x"] + 4500 * px_per_ms, box["y"] + 250, steps=6)  # well below the strip
    with app_rerun(page):
        page.mouse.up()
    ended = store.load("VIG-0001").cycles[0].clips[0].end_ms
    assert abs(ended - 4500) <= 60, ended
    page.mouse.move(reel["x"] + 5500 * px_per_ms, box["y"] + box["height"] / 2, steps=4)
    now = page.locator(".vig-player .grip.end").get_attribute("aria-valuenow")
    assert now == str(ended)  # the grip did not follow the mouse

    # A note being typed survives an edge moved to the play position (the click saves both).
    page.get_by_role("textbox", name="Note (only you see this)").fill("She waits for him.")
    page.evaluate("() => { vigVideo().currentTime = 0.6; }")
    page.wait_for_function("() => !vigVideo().seeking")
    with app_rerun(page):
        page.get_by_role("button", name="Start here ([)").click()
    page.get_by_role("heading", name=re.compile(r"^Clip 00:00\.6")).wait_for()
    moved = store.load("VIG-0001").cycles[0].clips[0]
    assert moved.note == "She waits for him." and moved.start_ms == 617
    assert moved.still_ms is None  # moving an edge never fixes the still by itself

    # The start grip with the keyboard: Shift+→ is a second, saved once the keys rest.
    page.locator(".vig-player .grip.start").focus()
    with app_rerun(page):
        page.keyboard.press("Shift+ArrowRight")
    assert store.load("VIG-0001").cycles[0].clips[0].start_ms == 1617
    with app_rerun(page):  # the grip keeps the focus through the save: the keys go on moving it
        page.keyboard.press("Shift+ArrowRight")
    assert store.load("VIG-0001").cycles[0].clips[0].start_ms == 2617
    page.screenshot(path=artifacts / "micro-analysis-edges.png")

    # Fewer pictures: the strip shows more of the film at once, without a run of the app.
    page.get_by_role("button", name="Fewer pictures").click()
    page.locator(".vig-player .every", has_text="A picture every 4 s").wait_for()
    assert page.locator(".vig-player .thumb").count() == 2


def test_a_phone_film_is_marked_before_its_review_copy_is_made_and_the_clip_keeps_its_frame(data_root, page,
                                                                                            tmp_path, artifacts):
    """Issue 30, part 1: a phone's H.264 MP4 at 29.97 frames a second plays on Micro-analysis as soon as it is
    added; a clip marked on it while the job consumer is held starts on the same picture once the review copy
    (at 30 a second) has replaced it, in the player and in the clip's still."""
    import os
    import signal
    import subprocess
    from datetime import date
    from pathlib import Path

    from PIL import Image

    from workbench import FamilyStore
    from workbench.care.consent import add_consent
    from workbench.media import clips, ffmpeg
    from workbench.media.library import ready_film
    from workbench.media.synthetic import make_film, read_frame_number

    from ..conftest import make_family
    from ..consumers import processes
    from .axe import violations
    from .conftest import AppServer
    from .test_walkthrough_browser import add_film

    recorded = make_film(tmp_path / "recorded.mp4", seconds=10, width=640, height=360, fps="30000/1001")
    phone = tmp_path / "MOV_0042.mp4"  # index first, as a phone writes it
    subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(recorded), "-c", "copy", "-movflags", "+faststart",
                    str(phone)], check=True)
    store = FamilyStore(data_root)
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    server = AppServer(data_root)
    consumer = next(p.pid for p in processes() if p.parent == server.process.pid
                    and b"workbench.jobs.consumer" in Path(f"/proc/{p.pid}/cmdline").read_bytes())
    os.killpg(consumer, signal.SIGSTOP)  # no review copy until the clip is marked, however fast the machine
    try:
        find_the_player(page)
        visit(page, server.url + "/film?family=VIG-0001")
        page.get_by_role("textbox", name="Activity filmed").fill("Snack time")
        add_film(page, phone, prepared=False)
        page.get_by_text("You can watch the film and mark clips now").wait_for()
        with app_rerun(page):
            page.get_by_role("link", name="Start the micro-analysis").click()
        page.get_by_text("Playing the original film").wait_for()
        page.wait_for_function("() => { const v = vigVideo(); return v && v.readyState >= 2; }")
        assert page.evaluate("() => vigVideo().src").endswith("/original.mp4")
        page.evaluate("() => { const v = vigVideo(); v.muted = true; v.currentTime = 5.3; }")
        page.wait_for_function("() => !vigVideo().seeking")
        step_frame(page)
        seen = shown_frame(page)
        assert seen["drawn"] == round(seen["time"] * 30000 / 1001 - 0.5)  # the film's own picture at 29.97
        with app_rerun(page):
            page.keyboard.press("i")
        page.evaluate("() => { vigVideo().currentTime = 7.4; }")
        page.wait_for_function("() => !vigVideo().seeking")
        step_frame(page)
        with app_rerun(page):
            page.keyboard.press("o")
        with app_rerun(page):
            page.keyboard.press("Enter")
        page.get_by_text("Clip 00:05").first.wait_for()
        page.screenshot(path=artifacts / "first-look.png")
        assert violations(page) == []
        film = store.load("VIG-0001").cycles[0].film
        (clip,) = store.load("VIG-0001").cycles[0].clips
        assert not film.ready and clips.frame_index(clip.start_ms, 30) == seen["label"]
    finally:
        os.killpg(consumer, signal.SIGCONT)
    try:
        # The review copy is made; the page moves the player onto it by itself.
        page.wait_for_function("() => vigVideo() && vigVideo().src.endsWith('/proxy.mp4')", timeout=300_000)
        page.get_by_text("Playing the original film").wait_for(state="detached")
        page.wait_for_function("() => vigVideo().readyState >= 2")
        page.evaluate("(ms) => { vigVideo().currentTime = ms / 1000; }", clip.start_ms)  # the clip's start
        page.wait_for_function("() => !vigVideo().seeking && vigVideo().readyState >= 2")
        again = shown_frame(page)
        assert (again["label"], again["drawn"]) == (seen["label"], seen["drawn"])
        family = store.load("VIG-0001")
        proxy = ready_film(store, family, 1)
        assert proxy.proxy.fps == 30 and family.cycles[0].film.first_look is None
        still = clips.still(proxy.files, proxy.proxy, family.cycles[0].clips[0].start_ms)
        assert read_frame_number(Image.open(still)) == seen["drawn"]  # the clip's first frame, under Still too
    finally:
        server.stop()
