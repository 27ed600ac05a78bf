"""The whole VIG cycle in a real Chromium, as a guider does it: two cycles, the shared screen, the summaries."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from workbench.settings import load_settings, save_settings

from .conftest import visit, wait_for_app
from .test_analysis_browser import WITH_VIDEO

pytestmark = pytest.mark.browser


def go(page, label: str, artifacts, shot: str) -> None:
    """Open a page from the sidebar menu (the session, and the family, carry over) and keep a screenshot."""
    page.locator("[data-testid='stSidebar']").get_by_role("link", name=label).click()
    page.get_by_role("heading", name=label).wait_for()
    wait_for_app(page)
    page.screenshot(path=artifacts / f"walkthrough-{shot}.png", full_page=True)


def add_film(page, path) -> None:
    page.get_by_role("tab", name="From a folder on this computer").click()
    page.get_by_role("textbox", name="Full path of the film").fill(str(path))
    page.get_by_role("textbox", name="Full path of the film").press("Tab")
    page.locator("[data-testid='stTabPanel'] button", has_text="Add this film").last.click()
    page.get_by_text("Review copy:", exact=False).first.wait_for(timeout=120_000)
    wait_for_app(page)


def mark_clip(page, tag: str) -> None:
    """I and O while the film plays, Enter to save; then tag it and choose it for the shared review."""
    page.wait_for_function("() => { const v = %s; return v && v.readyState >= 2; }" % WITH_VIDEO)
    before = page.locator("text=/^Clip \\d\\d:\\d\\d/").count()
    page.evaluate("() => { %s.muted = true; }" % WITH_VIDEO)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # keys go to the player
    page.keyboard.press(" ")
    page.wait_for_timeout(700)
    page.keyboard.press("i")
    page.wait_for_timeout(1200)
    page.keyboard.press("o")
    page.keyboard.press("k")
    page.wait_for_timeout(800)
    page.keyboard.press("Enter")
    page.wait_for_function("(n) => document.body.innerText.split('Clip ').length - 1 > n", arg=before)
    wait_for_app(page)
    tags = page.get_by_role("combobox", name="Principles and sub-behaviours")
    tags.click()
    tags.fill(tag)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text("Tags saved").wait_for()
    wait_for_app(page)
    page.get_by_text("For the shared review", exact=False).last.click()
    wait_for_app(page)


def test_a_guider_walks_the_whole_cycle(app_server, page, films, artifacts):
    save_settings(load_settings(app_server.data_root).with_pin("2468"), app_server.data_root)
    page.set_viewport_size({"width": 1600, "height": 1000})
    visit(page, app_server.url)
    page.screenshot(path=artifacts / "walkthrough-caseload-empty.png", full_page=True)

    # 1. A family, consent, the helping question and goals.
    page.get_by_role("button", name="New family").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Child's first name or initials").fill("Sam")
    dialog.get_by_label("Carer 1", exact=True).fill("Jo Smith")
    dialog.get_by_role("button", name="Create family").click()
    page.get_by_role("heading", name="1 · Goals").wait_for()
    wait_for_app(page)
    for scope in ("Filming", "Storing the films", "Copies for the carer"):
        page.get_by_text(scope, exact=True).click()
    page.get_by_role("button", name="Record consent").click()
    page.get_by_text("In force").wait_for(state="attached")  # a cell of the consent table (drawn on a canvas)
    wait_for_app(page)
    page.get_by_role("textbox", name="What does the carer want help with?").fill("How can I help Sam stay calm?")
    page.get_by_role("button", name="Save helping question").click()
    wait_for_app(page)
    for goal in ("Sam stays calm when we stop playing", "We play together every day"):
        box = page.get_by_role("textbox", name="Goal, in the carer's words")
        if not box.is_visible():
            page.get_by_text("Add a goal").click()
        box.fill(goal)
        page.get_by_role("button", name="Add goal").click()
        page.get_by_text(goal).first.wait_for()
        wait_for_app(page)
    page.screenshot(path=artifacts / "walkthrough-goals.png", full_page=True)

    for cycle in (1, 2):
        # 2. A generated film, through the ingest.
        go(page, "2 · Film", artifacts, f"film-cycle-{cycle}")
        page.get_by_role("textbox", name="Activity filmed").fill("Building a tower" if cycle == 1 else "Baking")
        add_film(page, films["landscape"])
        page.screenshot(path=artifacts / f"walkthrough-film-ready-{cycle}.png", full_page=True)

        # 3. Clips marked with the keyboard, and tagged.
        go(page, "3 · Micro-analysis", artifacts, f"analysis-cycle-{cycle}")
        for tag in (["Looking interested", "Waiting", "Scaffolding"] if cycle == 1 else ["Waiting"]):
            mark_clip(page, tag)
        page.screenshot(path=artifacts / f"walkthrough-clips-{cycle}.png", full_page=True)

        # 4. The shared review on the shared screen, with the carer's words.
        go(page, "4 · Shared review", artifacts, f"review-cycle-{cycle}")
        page.get_by_role("button", name="Open the shared screen").click()
        clips = 3 if cycle == 1 else 1
        for n in range(1, clips + 1):
            page.get_by_text(f"clip {n} of {clips}").wait_for()
            wait_for_app(page)
            said = page.get_by_role("textbox", name="What do you notice?")
            said.fill(f"In cycle {cycle} he looks up at me ({n}).")
            said.press("Tab")
            wait_for_app(page)
            if n == 1:
                page.screenshot(path=artifacts / f"walkthrough-shared-screen-{cycle}.png")
            if n < clips:
                page.get_by_role("button", name="Next").click()
        page.get_by_text("For the guider").click()
        page.get_by_role("textbox", name="PIN to leave the shared screen").fill("2468")
        page.get_by_role("button", name="Leave").click()
        page.get_by_role("heading", name="4 · Shared review").wait_for()
        wait_for_app(page)

        # 5. The write-up, then the next cycle (or, at the end, the final review).
        page.get_by_role("textbox", name="Agreed next steps").fill(f"Keep waiting a moment longer ({cycle}).")
        page.get_by_role("button", name="Save write-up").click()
        wait_for_app(page)
        if cycle == 1:
            page.get_by_role("button", name="Start cycle 2").click()
            page.get_by_text("Cycle 2 started").wait_for()
            wait_for_app(page)

    # 6. The final review.
    page.get_by_text("This cycle is the final one").click()
    wait_for_app(page)
    page.get_by_role("textbox", name="Evaluation notes").fill("Both goals moved a long way.")
    page.get_by_role("textbox", name="The carer's feedback, in their own words").fill("I see him differently now.")
    page.get_by_role("button", name="Save final review").click()
    wait_for_app(page)
    page.screenshot(path=artifacts / "walkthrough-final-review.png", full_page=True)

    # 7. The summaries, downloaded and read back.
    go(page, "5 · Summary", artifacts, "summary")
    page.get_by_role("button", name="Make the summary").click()
    page.get_by_text("Summary as PDF").wait_for(timeout=120_000)
    wait_for_app(page)
    page.screenshot(path=artifacts / "walkthrough-summary.png", full_page=True)
    texts = {}
    for label in ("Summary as Word", "Summary as PDF"):
        with page.expect_download() as download:
            page.get_by_role("button", name=label).click()
        data = open(download.value.path(), "rb").read()
        if label.endswith("Word"):
            texts[label] = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        else:
            texts[label] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for text in texts.values():
        for expected in ("How can I help Sam stay calm?", "In cycle 1 he looks up at me (3).",
                         "In cycle 2 he looks up at me (1).", "I see him differently now.", "Sam stays calm"):
            assert expected in " ".join(text.split()), expected
