"""Findings 3, 5 and 13 in a real Chromium: media links die with their session, downloads die with the family, and
typed Markdown never fetches anything. (Finding 1, the shared screen against Back and typed addresses, is walked
in test_shared_screen_browser.py, where the screen is already open.)"""

from datetime import date
from urllib.parse import urlparse

import pytest

from workbench.care.consent import add_consent, withdraw
from workbench.care.retention import erase_family
from workbench.cycle import analysis
from workbench.cycle.goals import add_goal, set_helping_question

from ..pages.helpers import account
from .conftest import CHROMIUM_ARGS, loaded, visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser
BEACON = "http://127.0.0.2:9/beacon.png"
HOSTILE_GOAL = f"![x]({BEACON}) Sam **stays** calm <img src='{BEACON}'>"


def choose_two_clips(store, code="VIG-0001"):
    def mark(f):
        for start in (500, 3000):
            clip = analysis.add_clip(f, 1, start, start + 1500, ["attentive"], "Private note")
            analysis.choose(f, 1, clip.id, True)

    store.update(code, mark)


def test_media_links_need_a_live_signed_in_session_with_the_right_to_see(film_server, page, chromium):
    server, store = film_server("landscape")
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["viewing by a VIG supervisor"]))
    visit(page, server.url + "/film?family=VIG-0001")
    src = page.locator("video#film-proxy").get_attribute("src")
    assert src.startswith("/vig-media/")
    assert page.request.get(server.url + src).status == 200
    stranger = chromium.new_context()  # a browser that never signed in
    try:
        assert stranger.request.get(server.url + src).status == 404
    finally:
        stranger.close()
    with app_rerun(page):
        page.locator("[data-testid='stSidebar']").get_by_role("button", name="Sign out").click()
    assert page.request.get(server.url + src).status == 404  # dead at sign-out

    account("sue")
    visit(page, server.url + "/film?family=VIG-0001", as_user="sue")
    supervisor_src = page.locator("video#film-proxy").get_attribute("src")
    assert page.request.get(server.url + supervisor_src).status == 200
    consent = store.load("VIG-0001").consents[-1]
    withdraw(store, "VIG-0001", consent.id, date.today())
    assert page.request.get(server.url + supervisor_src).status == 404  # dead when consent is withdrawn


def test_downloads_die_with_the_family_and_nothing_sits_in_streamlits_media_manager(data_root, films, page):
    from workbench import FamilyStore

    from ..films import full_intervention
    from .conftest import AppServer

    store = FamilyStore(data_root)
    full_intervention(store, "VIG-0001", films["silent"], cycles=1, clips_per_cycle=2)
    server = AppServer(data_root)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        visit(page, server.url + "/summary?family=VIG-0001")
        with app_rerun(page, timeout_s=300):
            page.get_by_role("button", name="Make the summary").click()
        page.get_by_role("link", name="Summary as PDF").wait_for()
        loaded(page)
        links = page.locator("a.vig-download").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert len(links) >= 4 and all(link.startswith("/vig-media/") for link in links)
        assert all(page.request.get(server.url + link).status == 200 for link in links)
        icon = page.evaluate("() => document.querySelector('link[rel*=icon]').href")
        manager = [url for url in requested if urlparse(url).path.startswith("/media/") and url != icon]
        assert manager == [], manager  # no still, chart or document went through Streamlit's media file manager
        erase_family(store, "VIG-0001")
        assert [page.request.get(server.url + link).status for link in links] == [404] * len(links)
    finally:
        server.stop()


def test_typed_markdown_is_shown_never_fetched(film_server, page, chromium, artifacts):
    server, store = film_server("landscape")

    def hostile(f):
        add_goal(f, HOSTILE_GOAL, "staying calm", 2, f"![carer]({BEACON})")
        set_helping_question(f, f"[click me]({BEACON})")

    store.update("VIG-0001", hostile)
    choose_two_clips(store)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for name in ("review", "summary", "goals"):
        visit(page, f"{server.url}/{name}?family=VIG-0001")
        loaded(page)
    assert f"{HOSTILE_GOAL}" in page.inner_text("body")  # exactly as typed
    page.screenshot(path=artifacts / "security-markdown-as-text.png", full_page=True)
    assert not [url for url in requested if "127.0.0.2" in url]
    assert CHROMIUM_ARGS  # the browser runs with background networking off, so any request seen is the page's


def test_another_site_cannot_show_the_sign_in_inside_its_own_page(app_server, page):
    """Finding 27.12 in Chromium: another origin's page (here about:blank's) framing the app gets nothing to overlay."""
    page.set_content(f'<p>Win a prize!</p><iframe src="{app_server.url}/" width="800" height="600" '
                     "onload=\"document.body.dataset.framed = 'yes'\"></iframe>")
    page.wait_for_function("document.body.dataset.framed === 'yes'")  # the frame finished, with whatever it got
    (framed,) = [f for f in page.frames if f is not page.main_frame]
    assert framed.url.startswith("chrome-error://")  # refused by the browser: the app's page never loaded in it
