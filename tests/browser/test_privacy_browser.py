"""Every page, walked in Chromium: no request leaves the app's own loopback address, and typed HTML stays text."""

import pytest

from workbench import analysis, review
from workbench.goals import add_goal, set_helping_question
from workbench.shared_screen import set_pin

from ..pages.helpers import account
from .conftest import elsewhere, loaded, visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>bold?</b>'
PAGES = ["", "goals", "film", "analysis", "review", "summary"]
ADMIN_PAGES = ["accounts", "retention", "audit_log", "settings"]


def test_every_page_talks_only_to_the_app_and_shows_typed_html_as_text(film_server, page, artifacts):
    server, store = film_server("landscape")

    def fill(f):
        set_helping_question(f, "How can I help him stay calm?")
        add_goal(f, "Stay calm at bedtime", "staying calm", 2, "Jo Smith")
        clip = analysis.add_clip(f, 1, 500, 2500, ["attentive"], HOSTILE)
        analysis.choose(f, 1, clip.id, True)
        review.reflect(f, 1, clip.id, "What do you notice?", HOSTILE)

    store.update("VIG-0001", fill)
    set_pin("ada", "246813", server.data_root)

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for name in PAGES:
        visit(page, f"{server.url}/{name}?family=VIG-0001")
        if name == "summary":
            with app_rerun(page, timeout_s=300):
                page.get_by_role("button", name="Make the summary").click()
            page.get_by_text("Summary as PDF").wait_for(timeout=300_000)  # made on the queue
        loaded(page)
    account("max")
    for name in ADMIN_PAGES:
        visit(page, f"{server.url}/{name}", as_user="max")
        loaded(page)
    visit(page, f"{server.url}/review?family=VIG-0001")
    page.get_by_text("What the carer said").wait_for()
    assert "<b>bold?</b>" in page.inner_text("[data-testid='stMain']")  # the carer's words, as typed
    with app_rerun(page):
        page.get_by_role("button", name="Open the shared screen").click()
    page.get_by_text("clip 1 of 1").wait_for()
    loaded(page)
    page.screenshot(path=artifacts / "privacy-shared-screen.png")

    assert page.evaluate("() => window.__pwned") is None  # no typed script or handler ever ran
    # blob: URLs of the app's own origin are objects inside the browser (charts, downloads), not the network.
    outside = elsewhere(requested, server.url)
    assert requested and not outside, outside
