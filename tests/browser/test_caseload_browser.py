"""Creating a family through the real UI in Chromium, booking its next session and taking it to a calendar."""

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from workbench import FamilyStore

from .conftest import elsewhere, visit
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
    dialog.get_by_label("Carer 1's name", exact=True).fill("Jo Smith")
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
    assert requested and not elsewhere(requested, app_server.url), elsewhere(requested, app_server.url)

    # Book the first filming session for the day after tomorrow, from the family's own page.
    day = date.today() + timedelta(days=2)
    page.get_by_role("button", name="Book a session").click()  # opens in the page: no run
    popover = page.locator("[data-testid='stPopoverBody']")
    for part, value in (("day", f"{day:%d}"), ("month", f"{day:%m}"), ("year", f"{day:%Y}")):
        segment = popover.get_by_role("spinbutton", name=f"{part}, Date")
        segment.click()
        segment.press_sequentially(value)  # inside the form: no run until it is submitted
        assert int(segment.get_attribute("aria-valuenow")) == int(value)
    popover.get_by_text("Book the next session").click()  # as a guider closes the calendar that typing opened
    page.screenshot(path=artifacts / "caseload-book-a-session.png")
    # The whole date shows: the day's digits begin and the year's end inside the box that clips them.
    for part, edge in (("day", "left"), ("year", "right")):
        shown = popover.get_by_role("spinbutton", name=f"{part}, Date").evaluate("""(segment, edge) => {
          let box = segment.parentElement;
          while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
          const inside = box.getBoundingClientRect(), mine = segment.getBoundingClientRect();
          return edge === 'left' ? inside.left - mine.left : mine.right - inside.right; }""", edge)
        assert shown <= 0.5, (part, shown)
    with app_rerun(page):
        popover.get_by_role("button", name="Book session").click()
    session, = FamilyStore(app_server.data_root).load("VIG-0001").sessions
    assert (session.kind.value, session.starts_at.date(), session.starts_at.hour) == ("filming", day, 10)
    words = f"{day:%a %-d %b}, 10:00 · filming"
    page.get_by_role("button", name=f"Next session: {words}").wait_for()

    # The caseload's This week shows it, with the next step; the calendar feed carries it without a name.
    with app_rerun(page):
        page.get_by_role("link", name="Caseload").click()
    week = (page.locator("[data-testid='stVerticalBlock']").filter(has_text=words)
            .filter(has_text="Go to this step").last)  # the family's card in This week
    week.wait_for()
    assert "VIG-0001" in week.inner_text() and "Agree the helping question and goals" in week.inner_text()
    page.screenshot(path=artifacts / "caseload-this-week.png")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="My sessions (.ics)").click()
    raw = open(downloaded.value.path(), "rb").read()
    event, = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["summary"]) == "VIG filming · VIG-0001"
    assert event.decoded("dtstart") == session.starts_at
    assert b"Sam" not in raw and b"Jo Smith" not in raw and b"Ada" not in raw
