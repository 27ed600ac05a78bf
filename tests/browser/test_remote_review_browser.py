"""A whole shared review at a distance, through Caddy over HTTPS: the guider's laptop, the carer's own phone.

The guider's browser and the carer's are two contexts of one Chromium that trusts only the test's own Caddy
authority; the carer's is an upright phone on an emulated home 4G line (100 ms, 5 Mbit/s). The guider makes
the link on the review page, opens the presenter view and reads the code; the carer types it, and every
control of the presenter view is asserted on the phone's own <video>. How long each takes is
``bench_remote.py``'s, not this test's.
"""

import re
from datetime import date, datetime, timedelta

import pytest

from workbench.care.consent import add_consent
from workbench.cycle import analysis, review
from workbench.cycle.bookings import book
from workbench.cycle.shared_screen import set_pin
from workbench.model import ConsentScope, SessionKind

from ..films import family_with_film
from ..pages.helpers import account
from .axe import violations
from .conftest import AppServer, pin_action, visit
from .phones import CODE_BOX, HOME_4G, PHONE, UNTHROTTLED, on_a_phone
from .reruns import app_rerun
from .test_two_screens_browser import everything, wait_video

pytestmark = pytest.mark.browser

NOTE = "Private: she seemed tired today."
PIN = "246813"
CLIPS = ((400, 1400), (2300, 3300), (4200, 5200))
def remote_family(store, film, data_root) -> list[str]:
    """VIG-0001: three chosen clips, consent to a review on the carer's own device, and a review booked soon."""
    family_with_film(store, film)
    starts = datetime.now() + timedelta(minutes=5)

    def ready(f):
        add_consent(f, "Jo Bloggs", "foster carer", date.today(), [ConsentScope.REMOTE_REVIEW])
        for start, end in CLIPS:
            clip = analysis.add_clip(f, 1, start, end, ["attentive"], NOTE)
            analysis.choose(f, 1, clip.id, True)
        book(f, SessionKind.SHARED_REVIEW, starts.date(), starts.time().replace(second=0, microsecond=0))

    store.update("VIG-0001", ready)
    account("ada")
    set_pin("ada", PIN, data_root)
    return [c.id for c in review.review_clips(store.load("VIG-0001"), 1)]


def test_a_whole_review_with_the_carer_at_home_on_their_phone(data_root, films, chromium, page, artifacts):
    from workbench import FamilyStore

    store = FamilyStore(data_root)
    first, second, third = remote_family(store, films["landscape"], data_root)
    server = AppServer(data_root, proxied=True)
    context = None
    try:
        assert server.url.startswith("https://")
        found = {}
        # The guider makes the carer's link on the review page (the clips and their lighter copies cut first).
        visit(page, server.url + "/review?family=VIG-0001")
        with app_rerun(page):
            page.get_by_role("button", name="Make the carer's link").click()
        link = page.locator("[data-testid='stCode'] code").inner_text().strip()
        page.get_by_text("All 3 clips are ready to show.").wait_for(timeout=240_000)
        assert len(list(store.media_dir("VIG-0001").rglob("clips/clip-*-480p.mp4"))) == 3
        assert link.startswith(server.url + "/join#") and len(link.split("#")[1]) >= 32
        token = link.split("#")[1]
        assert token not in store.store_path("VIG-0001").read_text()  # kept only as its hash

        # The carer opens it on their phone, at home: the code first, and nothing of the family before it.
        context, phone = on_a_phone(chromium, HOME_4G)
        asked: list = []
        phone.on("request", lambda r: asked.append((r.url, r.headers)))
        ranges: list = []  # the players' range requests, answered through Caddy (the guider's and the carer's)
        for window in (page, phone):
            window.on("response", lambda r: r.status == 206 and ranges.append(r.url))
        phone.goto(link)
        phone.get_by_role("textbox", name=CODE_BOX).wait_for()
        assert token not in phone.url and phone.evaluate("() => location.hash") == ""  # out of the address bar
        assert not re.search(r"\b(Jo|Smith|Sam)\b", phone.inner_text("body"))  # no name before the code
        found["phone code"] = violations(phone)
        phone.screenshot(path=artifacts / "remote-phone-code.png")

        # The guider opens the presenter view; it shows the code to read on the phone.
        with app_rerun(page):
            page.get_by_role("button", name="Shared review on two screens").click()
        page.get_by_text("Shared review on two screens · Sam").wait_for()
        page.get_by_text("Code to read to Jo").wait_for()
        code = page.locator(".vig-carer-code").inner_text().replace(" ", "")
        assert len(code) == 6 and code.isdigit()
        box = phone.get_by_role("textbox", name=CODE_BOX)
        box.fill("000000" if code != "000000" else "111111")
        box.press("Enter")
        phone.get_by_text("That is not the code. 4 tries left.").wait_for()
        box.fill(code)
        box.press("Enter")

        # Live: the first clip's own cut (never the film), one large Start for the sound.
        wait_video(phone, "v.readyState >= 2 && stage.dataset.clip === arg", first)
        assert phone.locator(".vig-stage video").evaluate("v => v.duration") < 3.5
        start = phone.get_by_role("button", name="Start sound on, full screen")
        found["phone live"] = violations(phone)
        start.tap()
        wait_video(phone, "!v.muted && !v.paused")
        phone.get_by_text("Shared with Jo for today's review").wait_for()
        page.get_by_text("Joined on their device.").wait_for()
        found["presenter, the carer joined"] = violations(page)
        page.screenshot(path=artifacts / "remote-presenter-1440.png")
        phone.wait_for_function("() => document.body.dataset.preloaded === '3'")  # every clip ahead, on 4G
        assert phone.evaluate("() => document.body.dataset.quality") == "light"  # a phone on a home line

        # Slow, still, zoom and Next on the laptop; each on the phone's own video.
        with app_rerun(page):
            page.get_by_text("Slow", exact=True).click()
        wait_video(phone, "v.playbackRate === 0.5")
        with app_rerun(page):
            page.get_by_text("Still", exact=True).click()
        wait_video(phone, "v.paused && !v.seeking")
        found["phone still"] = violations(phone)
        phone.screenshot(path=artifacts / "remote-phone-still.png")
        with app_rerun(page):
            page.get_by_role("button", name="Play").click()
        wait_video(phone, "!v.paused")
        frame = page.locator(".vig-stage .frame").bounding_box()
        with app_rerun(page):
            page.mouse.move(frame["x"] + frame["width"] * 0.3, frame["y"] + frame["height"] * 0.2)
            page.mouse.down()
            page.mouse.move(frame["x"] + frame["width"] * 0.7, frame["y"] + frame["height"] * 0.7, steps=5)
            page.mouse.up()
        wait_video(phone, "v.closest('.zoomer').style.transform.includes('scale(')"
                          " && !v.closest('.zoomer').style.transform.includes('scale(1)')")
        phone.screenshot(path=artifacts / "remote-phone-zoomed.png")
        for clip in (second, third):
            with app_rerun(page):
                page.get_by_role("button", name="Next").click()
            wait_video(phone, "stage.dataset.clip === arg && v.readyState >= 2 && v.currentSrc.startsWith('blob:')",
                       clip)  # a clip shown for the first time, from the copy already loaded ahead
        phone.screenshot(path=artifacts / "remote-phone-live.png")
        for width, height in ((1440, 900), (1920, 1080)):  # the same page on a laptop or a TV at home
            phone.set_viewport_size({"width": width, "height": height})
            wait_video(phone, "v.readyState >= 2 && !v.seeking")
            phone.screenshot(path=artifacts / f"remote-laptop-{width}x{height}.png")
        phone.set_viewport_size(PHONE["viewport"])

        # Nothing private, nothing of the family's records, no token in any request, no Referer sent.
        dom = everything(phone)
        for secret in (NOTE, "VIG-0001", "Private note", "Caseload", token):
            assert secret not in dom, secret
        assert not [url for url, _ in asked if token in url]
        assert not [(url, h["referer"]) for url, h in asked if h.get("referer")]  # no-referrer, everywhere
        assert token not in server.proxy.log.read_text()
        assert [u for u in ranges if "/vig-join/clip/" in u] and [u for u in ranges if "/vig-media/" in u], ranges

        # The carer's browser asks for the app itself: a sign-in form, and nothing of any family. (At full speed:
        # what it shows is tested here, not how long 4G takes to bring Streamlit's scripts.)
        line = context.new_cdp_session(phone)
        line.send("Network.emulateNetworkConditions", UNTHROTTLED)
        phone.goto(server.url + "/review?family=VIG-0001")
        phone.get_by_role("textbox", name="User name").wait_for()
        assert "Sam" not in phone.inner_text("body") and "VIG-0001" not in phone.inner_text("body")
        line.send("Network.emulateNetworkConditions", HOME_4G)
        phone.goto(link)  # and back to the link: the same phone, still the carer's
        wait_video(phone, "v.readyState >= 2")

        # The guider ends the review with the PIN: the phone shows the end, and nothing of the review stays.
        pin_action(page, "Leave")
        phone.get_by_role("heading", name="This review has ended").wait_for()
        assert phone.locator("video").count() == 0
        found["phone ended"] = violations(phone)
        # The link again, even on the same phone, opens nothing more.
        phone.goto(link)
        phone.get_by_role("heading", name="This review has ended").wait_for()
        assert not any(found.values()), found
    finally:
        if context is not None:
            context.close()
        server.stop()
