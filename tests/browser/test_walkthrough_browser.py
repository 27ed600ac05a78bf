"""The whole VIG cycle in a real Chromium, as a guider does it: two cycles, the shared screen, the summaries."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from workbench import FamilyStore
from workbench.cycle.shared_screen import set_pin

from .axe import violations
from .conftest import pin_action, visit
from .reruns import app_rerun
from .test_analysis_browser import find_the_player

pytestmark = pytest.mark.browser


def go(page, label: str, artifacts, shot: str) -> None:
    """Open a page from the sidebar menu (the session, and the family, carry over) and keep a screenshot."""
    with app_rerun(page):
        page.locator("[data-testid='stSidebar']").get_by_role("link", name=label).click()
    page.get_by_role("heading", name=label).wait_for()
    page.screenshot(path=artifacts / f"walkthrough-{shot}.png", full_page=True)


def add_film(page, path, prepared: bool = True) -> None:
    """Add the film at ``path`` from a folder on the Film step; wait until it is prepared, if ``prepared``."""
    page.get_by_role("tab", name="From a folder on this computer").click()
    box = page.get_by_role("textbox", name="Full path of the film")
    box.fill(str(path))
    with app_rerun(page):
        box.press("Tab")
    with app_rerun(page):
        page.locator("[data-testid='stTabPanel'] button", has_text="Add this film").last.click()
    if prepared:
        page.get_by_text("Review copy:", exact=False).first.wait_for(timeout=300_000)


def seek(page, key: str | None = None, to: float | None = None) -> None:
    """Move the paused player (by a key, or to a time) and wait until it shows the new frame."""
    before = page.evaluate("() => vigVideo().currentTime")
    if key:
        page.keyboard.press(key)
    else:
        page.evaluate("(t) => { vigVideo().currentTime = t; }", to)
    page.wait_for_function("(before) => { const v = vigVideo(); return !v.seeking && v.currentTime !== before; }",
                           arg=before)


def mark_a_second(page, at_s: float, hold_toast: bool = False) -> None:
    """On the paused player: I at ``at_s``, one second on with the arrow key, O, and Enter to save; with
    ``hold_toast``, the pointer rests on the "Clip saved" toast the moment it appears (it lasts four seconds, and
    a loaded machine can spend them drawing the rest of the page)."""
    page.wait_for_function("() => { const v = vigVideo(); return v && v.readyState >= 2; }")
    page.evaluate("() => { const v = vigVideo(); v.muted = true; v.pause(); }")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # keys go to the player
    seek(page, to=at_s)
    with app_rerun(page):
        page.keyboard.press("i")
    seek(page, key="ArrowRight")
    with app_rerun(page):
        page.keyboard.press("o")
    with app_rerun(page):
        page.keyboard.press("Enter")
        if hold_toast:
            page.locator(".stToast").first.hover()


def mark_clip(page, tag: str, store: FamilyStore, cycle: int) -> None:
    """I, then one second on with the arrow key, O, and Enter to save; then tag it (it is for the review already).

    The film is paused while the guider marks, so however slow the machine, the clip is the same second.
    """
    before = len(store.load("VIG-0001").cycles[cycle - 1].clips)
    mark_a_second(page, 0.5 + 1.5 * before, hold_toast=before == 0 and cycle == 1)
    if before == 0 and cycle == 1:  # on Micro-analysis, while its toast shows (held by the pointer): named, no fault
        toast = page.locator(".stToast").first
        assert toast.get_attribute("aria-label"), toast.inner_text()
        assert violations(page) == []
    clips = store.load("VIG-0001").cycles[cycle - 1].clips
    assert len(clips) == before + 1 and 900 <= clips[-1].end_ms - clips[-1].start_ms <= 1100
    if before == 0 and cycle == 1:  # item 3: one click moves the open clip's start to the frame shown
        seek(page, to=0.2)
        with app_rerun(page):
            page.get_by_role("button", name="Start here ([)").click()
        assert store.load("VIG-0001").cycles[0].clips[0].start_ms == 217  # the middle of frame 6 at 30 fps
    # The Principles are chips in groups: one click tags the clip, and every tag stays in sight. The click
    # that takes the focus from the note (saving it) still tags the clip (item 11).
    page.get_by_role("textbox", name="Note (only you see this)").fill(f"Note on {tag}")
    chips = page.locator("[data-testid='stButtonGroup']")
    with app_rerun(page):
        chips.get_by_role("button", name=re.compile("^" + re.escape(tag))).first.click()
    saved = store.load("VIG-0001").cycles[cycle - 1].clips
    saved = next(c for c in saved if c.note == f"Note on {tag}")
    assert saved.tags, f"the click on {tag!r} after typing the note was lost"
    assert saved.chosen  # a new clip is for the shared review until the guider says otherwise


def test_a_guider_walks_the_whole_cycle(app_server, page, films, artifacts):
    set_pin("ada", "246813", app_server.data_root)
    page.set_viewport_size({"width": 1600, "height": 1000})
    find_the_player(page)
    visit(page, app_server.url)
    page.screenshot(path=artifacts / "walkthrough-caseload-empty.png", full_page=True)

    # 1. A family, consent, the helping question and goals.
    with app_rerun(page):
        page.get_by_role("button", name="New family").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Child's first name or initials").fill("Sam")
    dialog.get_by_label("Carer 1's name", exact=True).fill("Jo Smith")
    with app_rerun(page):
        dialog.get_by_role("button", name="Create family").click()
    page.get_by_role("heading", name="1 · Goals").wait_for()
    for scope in ("Filming", "Storing the films", "Copies for the carer"):
        page.get_by_text(scope, exact=True).click()  # inside a form: no run until it is submitted
    with app_rerun(page):
        page.get_by_role("button", name="Record consent").click()
    page.get_by_text("In force").wait_for(state="attached")  # a cell of the consent table (drawn on a canvas)
    page.get_by_role("textbox", name="What does the carer want help with?").fill("How can I help Sam stay calm?")
    with app_rerun(page):
        page.get_by_role("button", name="Save helping question").click()
    for goal, category in (("Sam stays calm when we stop playing", "Staying calm"),
                           ("We play together every day", "Play and enjoyment")):
        page.get_by_role("textbox", name="Goal, in the carer's words").fill(goal)
        # One click opens the dropdown, even as the page scrolls to it (item 11): the guider looked back up first.
        page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
        page.get_by_role("combobox", name="Category", exact=True).click()
        page.get_by_role("option", name=category).click(timeout=10_000)
        with app_rerun(page):
            page.get_by_role("button", name="Add goal").click()
        page.get_by_text(goal).first.wait_for()
    goals = FamilyStore(app_server.data_root).load("VIG-0001").goals
    assert [(g.text, g.category.value) for g in goals] == [
        ("Sam stays calm when we stop playing", "staying calm"), ("We play together every day", "play and enjoyment")]
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
            mark_clip(page, tag, FamilyStore(app_server.data_root), cycle)
        page.screenshot(path=artifacts / f"walkthrough-clips-{cycle}.png", full_page=True)

        # 4. The shared review on the shared screen, with the carer's words.
        go(page, "4 · Shared review", artifacts, f"review-cycle-{cycle}")
        with app_rerun(page):
            page.get_by_role("button", name="Open the shared screen").click()
        clips = 3 if cycle == 1 else 1
        for n in range(1, clips + 1):
            page.get_by_text(f"clip {n} of {clips}").wait_for()
            with app_rerun(page):
                page.get_by_text("What do you notice?", exact=True).click()  # the prompt opens its box
            said = page.get_by_placeholder("The carer's words")
            said.fill(f"In cycle {cycle} he looks up at me ({n}).")
            with app_rerun(page):
                said.press("Tab")
            if n == 1:
                page.screenshot(path=artifacts / f"walkthrough-shared-screen-{cycle}.png")
            if n < clips:
                with app_rerun(page):
                    page.get_by_role("button", name="Next").click()
        pin_action(page)

        # 5. The write-up, then the next cycle (or, at the end, the final review).
        page.get_by_role("textbox", name="Agreed next steps").fill(f"Keep waiting a moment longer ({cycle}).")
        with app_rerun(page):
            page.get_by_role("button", name="Save write-up").click()
        if cycle == 1:
            with app_rerun(page):
                page.get_by_role("button", name="Start cycle 2…").click()
            with app_rerun(page):
                page.get_by_role("dialog").get_by_role("button", name="Start cycle 2").click()
            page.get_by_text("Cycle 2 started").wait_for()
            page.get_by_role("heading", name="2 · Film").wait_for()  # on to the next step: cycle 2's film

    # 6. The final review.
    with app_rerun(page):
        page.get_by_text("This cycle is the final one").click()
    page.get_by_role("textbox", name="Evaluation notes").fill("Both goals moved a long way.")
    page.get_by_role("textbox", name="The carer's feedback, in their own words").fill("I see him differently now.")
    with app_rerun(page):
        page.get_by_role("button", name="Save final review").click()
    page.screenshot(path=artifacts / "walkthrough-final-review.png", full_page=True)

    # 7. The summaries, downloaded and read back.
    go(page, "5 · Summary", artifacts, "summary")
    with app_rerun(page, timeout_s=300):
        page.get_by_role("button", name="Make the summary").click()
    page.get_by_text("Summary as PDF").wait_for(timeout=300_000)  # made on the queue: slow on a busy machine
    page.screenshot(path=artifacts / "walkthrough-summary.png", full_page=True)
    texts = {}
    for label in ("Summary as Word", "Summary as PDF", "Letter for the carer as Word", "Letter for the carer as PDF"):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        data = open(download.value.path(), "rb").read()
        if label.endswith("Word"):
            doc = Document(io.BytesIO(data))
            cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
            texts[label] = "\n".join([p.text for p in doc.paragraphs] + cells)  # each moment is a card (a table)
        else:
            texts[label] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for label, text in texts.items():
        for expected in ("How can I help Sam stay calm?", "In cycle 1 he looks up at me (3).",
                         "In cycle 2 he looks up at me (1).", "I see him differently now.", "Sam stays calm"):
            assert expected in " ".join(text.split()), (label, expected)
        assert ("VIG-0001" in text) is label.startswith("Summary")  # the carer's letter names no code
