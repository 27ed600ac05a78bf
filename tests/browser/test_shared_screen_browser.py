"""The one-screen shared screen in a real Chromium, on a TV and a small laptop: large, still, private, Next."""

import pytest

from workbench.cycle import analysis
from workbench.cycle.shared_screen import set_pin

from ..conftest import make_family
from .axe import violations
from .conftest import loaded, pin_action, visit
from .reruns import app_rerun
from .test_two_screens_browser import NOTE, everything, sign_in_again, video_state, wait_video

pytestmark = pytest.mark.browser

LAYOUT = """() => {
  const stage = [...document.querySelectorAll('*')].map(e => e.shadowRoot?.querySelector('.vig-stage .frame'))
    .find(Boolean);
  const box = stage.getBoundingClientRect();
  const video = stage.querySelector('video');
  const main = document.querySelector('[data-testid="stMain"]');
  return {width: box.width, height: box.height, top: box.top, page: window.innerWidth,
          filmRatio: video.videoWidth / video.videoHeight, scroll: main.scrollHeight - main.clientHeight,
          docScroll: document.documentElement.scrollHeight - window.innerHeight,
          caption: document.querySelector('p.vig-caption').getBoundingClientRect().top,
          below: window.innerHeight - document.querySelector('p.vig-caption').getBoundingClientRect().bottom,
          where: parseFloat(getComputedStyle(document.querySelector('p.vig-where')).fontSize),
          prompt: parseFloat(getComputedStyle([...document.querySelectorAll('[data-testid="stMain"] button')]
                                               .find(b => b.innerText.includes('What do you notice?'))).fontSize)};
}"""


def fits(layout: dict) -> None:
    """The clip takes at least 70% of the width, in a box of the film's own shape, and nothing scrolls."""
    assert layout["width"] >= 0.7 * layout["page"], layout
    assert abs(layout["width"] / layout["height"] - layout["filmRatio"]) < 0.02, layout  # no bands
    assert layout["scroll"] <= 0 and layout["docScroll"] <= 0, layout


def test_shared_screen_on_a_tv_then_on_a_small_laptop(film_server, page, artifacts):
    server, store = film_server("landscape")
    store.create(make_family("VIG-0777", child={"name": "Zed", "year_of_birth": 2016}))

    def mark(f):
        for start, tags in ((500, ["attentive"]), (3000, ["guiding.scaffolding"])):
            clip = analysis.add_clip(f, 1, start, start + 2000, tags, NOTE)
            analysis.choose(f, 1, clip.id, True)

    store.update("VIG-0001", mark)
    set_pin("ada", "246813", server.data_root)
    width, height = 1920, 1080
    page.set_viewport_size({"width": width, "height": height})
    visit(page, server.url + "/review?family=VIG-0001")
    with app_rerun(page):
        page.get_by_role("button", name="Open the shared screen").click()
    page.get_by_text("Moments with Sam · clip 1 of 2").wait_for()
    wait_video(page, "v.readyState >= 2")
    loaded(page)
    page.screenshot(path=artifacts / f"shared-screen-{width}x{height}.png")
    found = {"playing": violations(page)}

    # Large, no bands, no scroll, no chrome and no toast.
    playing = page.evaluate(LAYOUT)
    fits(playing)
    # On a TV the clip and its caption fill the height, and where we are and the prompts read across a room.
    assert playing["below"] < 0.12 * height and playing["where"] >= 20 and playing["prompt"] >= 22, playing
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert not page.locator("[data-testid='stHeader']").is_visible()

    # Nothing private and nothing of another family, anywhere in the page, its shadow roots or frames.
    dom = everything(page)
    assert NOTE not in dom and "VIG-0777" not in dom and "Zed" not in dom
    assert "Here you are being attentive." in page.inner_text("[data-testid='stMain']")

    with app_rerun(page):
        page.get_by_text("Slow", exact=True).click()
    wait_video(page, "v.playbackRate === 0.5 && !v.paused")
    found["slow"] = violations(page)
    with app_rerun(page):
        page.get_by_text("Still", exact=True).click()
    wait_video(page, "v.paused && Math.abs(v.currentTime * 1000 - 1500) < 80")
    still = page.evaluate(LAYOUT)
    assert (still["top"], still["width"], still["caption"]) == (playing["top"], playing["width"],
                                                                 playing["caption"])  # nothing jumps
    found["still"] = violations(page)

    # A prompt opens its box; the carer's words are kept.
    with app_rerun(page):
        page.get_by_text("What do you notice?", exact=True).click()
    box = page.get_by_placeholder("The carer's words")
    box.fill("I was waiting for him.")
    with app_rerun(page):
        box.press("Tab")
    assert store.load("VIG-0001").cycle(1).review.reflections[0].answers[0].text == "I was waiting for him."
    assert page.evaluate(LAYOUT)["docScroll"] <= 0
    found["answering"] = violations(page)

    first = video_state(page)["clip"]
    with app_rerun(page):
        page.get_by_role("button", name="Next").click()
    page.get_by_text("Moments with Sam · clip 2 of 2").wait_for()
    wait_video(page, "stage.dataset.clip !== arg && v.readyState >= 2 && !v.paused", first)
    assert "Here you are guiding Sam." in page.inner_text("[data-testid='stMain']")

    # The same screen on a 1366x768 laptop, back on the first clip with its answer open.
    page.set_viewport_size({"width": 1366, "height": 768})
    with app_rerun(page):
        page.get_by_role("button", name="Previous").click()
    wait_video(page, "stage.dataset.clip === arg && v.readyState >= 2", first)
    with app_rerun(page):
        page.get_by_text("✓ What do you notice?", exact=True).click()
    assert page.get_by_placeholder("The carer's words").input_value() == "I was waiting for him."
    fits(page.evaluate(LAYOUT))
    found["laptop"] = violations(page)
    page.screenshot(path=artifacts / "shared-screen-answering-1366x768.png")

    # A refresh signs the screen out: the carer sees calm words, never the guider's sign-in form.
    page.set_viewport_size({"width": width, "height": height})
    assert page.url.endswith("/shared")  # its own address, so a reload knows what it was
    with app_rerun(page):
        page.reload()
    page.get_by_text("The shared review is paused.").wait_for()
    assert page.get_by_role("textbox", name="User name").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    loaded(page)
    page.screenshot(path=artifacts / f"shared-screen-locked-{width}x{height}.png")
    found["locked"] = violations(page)
    # The guider signs in from the quiet corner button, and the shared screen is back where it was.
    sign_in_again(page)
    page.get_by_text("Moments with Sam · clip 1 of 2").wait_for()
    # Back, or any page's address in the same session, lands on the shared screen: never "Page not found".
    for address in ("caseload", "goals?family=VIG-0777", "no-such-page"):
        with app_rerun(page):
            page.evaluate("(to) => { history.pushState({}, '', to); dispatchEvent(new PopStateEvent('popstate')); }",
                          f"/{address}")
        page.get_by_text("Moments with Sam · clip 1 of 2").wait_for()
        assert page.get_by_text("Page not found").count() == 0, address
        assert "VIG-0777" not in everything(page) and "Zed" not in everything(page)
    for _ in range(2):  # Back once, then Back again
        with app_rerun(page):
            page.go_back()
        page.get_by_text("Moments with Sam · clip 1 of 2").wait_for()
        assert page.get_by_text("For the guider").count() == 1  # the PIN is the only way out
        assert page.get_by_role("heading", name="4 · Shared review").count() == 0
        assert page.locator("[data-testid='stSidebar'] a").count() == 0 and "Caseload" not in page.inner_text("body")
    for typed in ("/", "/goals?family=VIG-0001"):  # a typed address in a new session of the same account
        visit(page, server.url + typed)
        page.get_by_text("Moments with Sam · clip 1 of 2").wait_for()
        assert page.locator("[data-testid='stSidebar'] a").count() == 0
        assert page.get_by_role("heading", name="1 · Goals").count() == 0
    page.screenshot(path=artifacts / "security-shared-screen-after-back.png")

    # The guider closes it with the PIN; the shared screen's old address then opens their caseload, signed in.
    pin_action(page)
    with app_rerun(page):
        page.goto(server.url + "/shared")
    sign_in_again(page)
    page.get_by_role("heading", name="Caseload").wait_for()
    assert page.get_by_text("Page not found").count() == 0
    assert not any(found.values()), found
