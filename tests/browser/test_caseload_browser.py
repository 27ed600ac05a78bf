"""Creating a family through the real UI in Chromium, with a screenshot for the record."""

import pytest

from workbench import FamilyStore

from .conftest import visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser


def test_create_a_family_in_the_browser(app_server, page, artifacts):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, app_server.url)
    page.get_by_text("No families yet").wait_for()
    with app_rerun(page):
        page.get_by_role("button", name="New family").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Guider").fill("Dr Ada Patel")
    dialog.get_by_label("Child's first name or initials").fill("Sam")
    dialog.get_by_label("Carer 1", exact=True).fill("Jo Smith")
    page.screenshot(path=artifacts / "caseload-new-family.png")
    with app_rerun(page):
        dialog.get_by_role("button", name="Create family").click()

    page.wait_for_url("**/goals?family=VIG-0001")
    page.get_by_role("heading", name="1 · Goals").wait_for()
    page.get_by_text("No filming consent is recorded").wait_for()
    page.screenshot(path=artifacts / "goals-new-family.png", full_page=True)
    assert FamilyStore(app_server.data_root).load("VIG-0001").guider == "Dr Ada Patel"

    # A refresh starts a new session: sign in again, and the same page of the same family comes back.
    visit(page, page.url)
    page.get_by_role("heading", name="1 · Goals").wait_for()
    assert "VIG-0001" in page.inner_text("[data-testid='stMain']")
    # Nothing leaves the machine: every request went to the app's own loopback address.
    assert requested and all(url.startswith(app_server.url) for url in requested), [
        url for url in requested if not url.startswith(app_server.url)]
