"""A whole supervision cycle in Chromium: the guider films and codes their shared review, the supervisor codes it
apart, both compare, the supervisor logs the session, and the guider's road to accreditation moves on."""

import re
from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent

from ..conftest import make_family
from ..pages.helpers import PASSWORD, account
from .axe import violations
from .conftest import loaded, visit
from .reruns import app_rerun, follow
from .test_analysis_browser import find_the_player
from .test_walkthrough_browser import mark_a_second

pytestmark = pytest.mark.browser

SCOPES = ["filming", "storing the films", "viewing by a VIG supervisor", "filming the shared review for supervision"]


def code_a_moment(page, at_s: float, tag: str) -> None:
    """Mark one second from ``at_s`` with I, → and O, save it with Enter, tag it, and say the coding is ready."""
    mark_a_second(page, at_s)
    page.get_by_role("heading", name="Your coding (1)").wait_for()
    # While "Moment saved" shows (held by the pointer over it, as a reader's would): the toast is named.
    toast = page.locator(".stToast", has_text="Moment saved")
    toast.hover()
    assert toast.get_attribute("aria-label") == "Moment saved"
    assert violations(page) == []
    with app_rerun(page):
        page.locator("[data-testid='stButtonGroup']").get_by_role("button", name=tag, exact=True).click()
    with app_rerun(page):
        page.get_by_role("button", name="Ready to compare…").click()
    with app_rerun(page):
        page.get_by_role("dialog").get_by_role("button", name="Yes, it is ready").click()
    page.get_by_text("Ready to compare: it is fixed now.").wait_for()
    # Fixed: the film is watched, not marked, and the player names no key this page does not have.
    page.wait_for_function("() => vigVideo().closest('.vig-player').querySelector('.save').hidden")
    shown = page.evaluate("""() => { const root = vigVideo().closest('.vig-player');
      return { buttons: [...root.querySelectorAll('button')].filter((b) => b.offsetParent).map((b) => b.textContent),
               keys: root.querySelector('.keys').innerText }; }""")
    assert not {"Mark in (I)", "Mark out (O)", "Save clip (Enter)"} & set(shown["buttons"]), shown
    assert "Play" in shown["buttons"]
    assert "S makes" not in shown["keys"] and "mark in" not in shown["keys"], shown["keys"]


def test_a_guider_and_their_supervisor_run_a_supervision_cycle(app_server, page, chromium, films, artifacts):
    family = make_family()
    add_consent(family, "Jo Smith", "foster carer", date.today(), SCOPES)
    FamilyStore(app_server.data_root).create(family)
    account("sue")  # Ada's supervisor
    find_the_player(page)

    # 1. The guider adds the film of their shared review and codes it.
    visit(page, app_server.url + "/review_film?family=VIG-0001")
    page.get_by_role("textbox", name="What was filmed").fill("Our first shared review")
    page.get_by_role("tab", name="From a folder on this computer").click()
    page.get_by_role("textbox", name="Full path of the film").fill(str(films["landscape"]))
    with app_rerun(page):
        page.locator("[data-testid='stTabPanel'] button", has_text="Add this film").last.click()
    page.get_by_role("heading", name="Your coding (0)").wait_for(timeout=300_000)  # prepared on the queue
    code_a_moment(page, 0.5, "Being attentive")
    page.screenshot(path=artifacts / "supervision-guider-coded.png")
    loaded(page)
    assert violations(page) == []  # coding: the player, the list, the chips
    assert page.get_by_text("beside", exact=False).count() == 0  # the supervisor has not coded yet

    # 2. The supervisor, in their own browser, codes the same film apart; 3. both then see the comparison.
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    sue = context.new_page()
    follow(sue)
    sue.set_default_timeout(60_000)
    find_the_player(sue)
    try:
        visit(sue, app_server.url + "/review_film?family=VIG-0001", as_user="sue")
        sue.get_by_role("heading", name="Your coding (0)").wait_for()
        code_a_moment(sue, 1.0, "Being attentive")
        sue.get_by_role("heading", name="Your coding beside Dr Ada Patel's").wait_for()
        sue.get_by_text("Time both marked, of the time either marked").wait_for()
        sue.screenshot(path=artifacts / "supervision-compare.png", full_page=True)
        loaded(sue)
        assert violations(sue) == []  # the comparison: table, chart, player

        # 4. The supervisor logs the session on the Supervision page.
        with app_rerun(sue):
            sue.locator("[data-testid='stSidebar']").get_by_role("link", name="Supervision", exact=True).click()
        sue.get_by_text("Hours of supervision: 0 of 7").wait_for()
        sue.get_by_text("Record a supervision session").click()
        sue.get_by_role("textbox", name="Notes").fill("We compared our codings of VIG-0001's first review.")
        sue.get_by_role("textbox", name="Agreed actions").fill("Wait a moment longer before naming.")
        with app_rerun(sue):
            sue.get_by_role("button", name="Record the session").click()
        sue.get_by_text("Hours of supervision: 1 of 7").wait_for()
    finally:
        context.close()

    # 5. The guider's road to accreditation has moved, and the comparison is theirs to see too.
    with app_rerun(page):
        page.reload()
    page.get_by_role("textbox", name="User name").fill("ada")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    with app_rerun(page):
        page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=re.compile("^Your coding beside Sue Grant")).wait_for()
    with app_rerun(page):
        page.locator("[data-testid='stSidebar']").get_by_role("link", name="Supervision", exact=True).click()
    page.get_by_text("Hours of supervision: 1 of 7").wait_for()
    page.get_by_text("Wait a moment longer before naming.").wait_for()
    page.screenshot(path=artifacts / "supervision-guider-record.png", full_page=True)
