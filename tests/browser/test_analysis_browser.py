"""Marking a clip with the keyboard in a real Chromium: the stored times are the video's own times."""

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
