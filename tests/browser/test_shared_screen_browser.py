"""The shared screen in a real Chromium at 1920x1080: large, private, slow motion, and Next."""

import pytest

from workbench import analysis
from workbench.shared_screen import set_pin

from ..conftest import make_family
from .conftest import loaded, visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser

NOTE = "Private: she seemed tired today."


def player_video(page):
    return page.frame_locator("iframe[title='streamlit_player.streamlit_player']").locator("video")


def test_shared_screen(film_server, page, artifacts):
    server, store = film_server("landscape")
    store.create(make_family("VIG-0777", child={"name": "Zed", "year_of_birth": 2016}))

    def mark(f):
        for start, tags in ((500, ["attentive"]), (3000, ["guiding.scaffolding"])):
            clip = analysis.add_clip(f, 1, start, start + 2000, tags, NOTE)
            analysis.choose(f, 1, clip.id, True)

    store.update("VIG-0001", mark)
    set_pin("ada", "246813", server.data_root)

    page.set_viewport_size({"width": 1920, "height": 1080})
    visit(page, server.url + "/review?family=VIG-0001")
    with app_rerun(page):
        page.get_by_role("button", name="Open the shared screen").click()
    page.get_by_text("Moments with Sam · clip 1 of 2").wait_for()
    video = player_video(page)
    video.wait_for(state="attached")
    video.evaluate("v => new Promise(ready => v.readyState >= 2 ? ready() : v.addEventListener('loadeddata', ready))")
    loaded(page)
    page.screenshot(path=artifacts / "shared-screen.png")

    # Nothing private and nothing of another family, anywhere in the page or its frames.
    everything = page.content() + "".join(frame.content() for frame in page.frames[1:])
    assert NOTE not in everything and "VIG-0777" not in everything and "Zed" not in everything
    assert not page.locator("[data-testid='stSidebar']").is_visible()  # no menu on the carer's screen
    assert "Here you are being attentive." in page.inner_text("[data-testid='stMain']")

    first_src = video.evaluate("v => v.currentSrc")
    with app_rerun(page):
        page.get_by_text("Slow", exact=True).click()
    video.evaluate("v => new Promise(ready => v.playbackRate === 0.5 ? ready() "
                   ": v.addEventListener('ratechange', ready))")
    state = video.evaluate("""async (v) => {
        if (v.paused) { v.muted = true; await v.play(); }
        const start = v.currentTime;
        await new Promise(resolve => setTimeout(resolve, 1200));
        return {rate: v.playbackRate, start, now: v.currentTime};
    }""")
    assert state["rate"] == 0.5
    assert state["now"] != state["start"]  # it plays (looping, so it may have wrapped round)

    with app_rerun(page):
        page.get_by_role("button", name="Next").click()
    page.get_by_text("Moments with Sam · clip 2 of 2").wait_for()
    page.wait_for_function("""(first) => {
        const frame = document.querySelector("iframe[title='streamlit_player.streamlit_player']");
        const v = frame && frame.contentDocument && frame.contentDocument.querySelector('video');
        return v && v.currentSrc && v.currentSrc !== first && v.readyState >= 2;
    }""", arg=first_src)
    assert "Here you are guiding Sam." in page.inner_text("[data-testid='stMain']")
