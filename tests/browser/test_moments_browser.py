"""Suggested moments and a blurred training copy, in a real Chromium on the generated two-face film."""

from __future__ import annotations

import pytest

from workbench import FamilyStore
from workbench.media import frames
from workbench.moments.faces import find_faces

from ..films import family_with_scene
from .axe import violations
from .conftest import AppServer, visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser
WAIT_MS = 240_000  # a queued job on a busy 2-core machine; we wait for what it makes, never for a time


@pytest.fixture
def scene_server(data_root, scene):
    store = FamilyStore(data_root)
    family_with_scene(store, scene)
    server = AppServer(data_root)
    yield server, store
    server.stop()


def test_a_suggestion_becomes_a_clip_and_its_blurred_training_copy_is_previewed_confirmed_and_downloaded(
        scene_server, page, artifacts, scene, tmp_path):
    server, store = scene_server
    page.set_viewport_size({"width": 1440, "height": 900})
    visit(page, server.url + "/analysis?family=VIG-0001")
    with app_rerun(page):
        page.get_by_role("button", name="Look for moments").click()
    # 1. The suggestions appear on the filmstrip (dashed bands), and in the list with their reasons.
    bands = page.locator(".vig-player .layer .suggestion")
    bands.first.wait_for(timeout=WAIT_MS)
    assert bands.count() >= 3
    assert bands.first.inner_text() == "S1"
    listed = page.get_by_text("S1 · ")
    listed.wait_for()
    assert "turn-taking" in listed.inner_text()
    page.screenshot(path=artifacts / "suggested-moments.png")
    assert violations(page) == []  # suggestions on the strip and in the list

    # 2. One click makes S1 an untagged clip, opened with its edges ready to move.
    offered = bands.count()
    with app_rerun(page):
        page.get_by_role("button", name="Make it a clip").first.click()
    (clip,) = store.load("VIG-0001").cycles[0].clips
    assert clip.suggested and clip.tags == []
    a, b = (t * 1000 for t in scene.turns)
    assert a - 1000 <= clip.start_ms and clip.end_ms <= b + 1000
    page.locator(".vig-player .grip.start").wait_for()
    assert bands.count() == offered - 1  # taken: no longer offered

    # 3. Its training copy: faces found, a preview, a confirmation, then the download.
    visit(page, server.url + "/training?family=VIG-0001")  # a new address is a new session: sign in again
    with app_rerun(page):
        page.get_by_role("button", name="Find the faces in this clip").click()
    page.get_by_role("heading", name="1 · Faces found").wait_for(timeout=WAIT_MS)
    previews = page.get_by_role("img", name="Preview")
    previews.first.wait_for()
    assert previews.count() == 4
    assert violations(page) == []  # faces found, the preview shown
    make = page.get_by_role("button", name="Make the blurred copy")
    assert make.is_disabled()  # nothing is made before the guider confirms the preview
    with app_rerun(page):
        page.get_by_text("I have looked at the preview").click()
    with app_rerun(page):
        make.click()
    watched = page.get_by_role("checkbox", name="I have watched the whole copy")
    watched.wait_for(timeout=WAIT_MS)
    assert page.get_by_role("link", name="faces-blurred").count() == 0  # no download before it is watched
    # 4. Watched whole means watched: skipping to the end, or racing through at 16x, offers no tick.
    copy = page.locator("video[aria-label^='The blurred copy']")
    copy.evaluate("v => new Promise(r => { if (v.readyState >= 1) r(); else v.onloadedmetadata = r; })")
    copy.evaluate("v => new Promise(r => { v.onseeked = r; v.currentTime = v.duration; })")
    # The player's own ratechange listener came first, so by the time ours hears the event it is slowed back.
    assert copy.evaluate("""v => new Promise(r => {
        v.addEventListener('ratechange', () => r(v.playbackRate), { once: true });
        v.playbackRate = 16;
    })""") == 2
    assert copy.evaluate("v => v.played.length === 0 || v.played.end(v.played.length - 1) - v.played.start(0) < 1")
    assert watched.is_disabled()
    page.get_by_text("Watched 0 s of").wait_for()
    copy.evaluate("v => new Promise(r => { v.onseeked = r; v.currentTime = 0; })")
    with app_rerun(page):  # played from the first second to the last: the player tells the app
        copy.evaluate("v => { v.muted = true; return v.play(); }")
        page.get_by_text("Watched whole.").wait_for(timeout=WAIT_MS)
    assert watched.is_enabled()
    with app_rerun(page):
        page.get_by_text("I have watched the whole copy").click()  # the label: the box itself sits under it
    link = page.get_by_role("link", name="faces-blurred-no-sound.mp4")
    link.wait_for()
    page.screenshot(path=artifacts / "training-copy.png", full_page=True)
    assert violations(page) == []  # the copy offered
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("training-clip-cycle-1-") and saved.name.endswith("-faces-blurred-no-sound.mp4")
    shown = [p.copy() for p in frames.pictures(saved, width=scene.width, height=scene.height, fps=5)]
    assert len(shown) >= 10
    assert sum(1 for p in shown if find_faces(p)) == 0
