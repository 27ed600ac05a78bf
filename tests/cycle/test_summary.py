"""The summary for the case records and the carer's letter, made as the queue makes them, read back as Word and PDF:
the story, each moment as a card kept on one page, A4 and British English, alt text on every picture."""

import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from workbench import FamilyStore
from workbench.core.principles import principle_labels
from workbench.cycle import review
from workbench.cycle.blocks import Card, Heading, Picture, Quote
from workbench.cycle.documents import make_summary, summary_documents
from workbench.cycle.letter import build_letter
from workbench.cycle.summary import LETTER_SAVED, build_summary, saved_summary

from ..films import full_intervention

LONG = ("He waited for me, and I waited for him, and then he laughed and handed me the red brick. " * 12).strip()
A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def made(tmp_path_factory, films):
    store = FamilyStore(tmp_path_factory.mktemp("summary"))
    full_intervention(store, "VIG-0001", films["silent"])
    family = store.load("VIG-0001")
    first = review.review_clips(family, 2)[1]
    # A carer who said a lot about one moment: its card grows, and must still be kept whole.
    store.update("VIG-0001", lambda f: review.reflect(f, 2, first.id, "How did you feel?", LONG))
    progress = []
    make_summary(store, "VIG-0001", progress.append)
    documents = {made.label: made.path for made in summary_documents(store, "VIG-0001")}
    return store, build_summary(store, "VIG-0001"), build_letter(store, "VIG-0001"), documents, progress


def pdf_pages(path) -> list[str]:
    """Each page's text, footer taken off, spaces made single."""
    return [re.sub(r"\s+", " ", re.sub(r"Page \d+ of \d+\s*$", "", page.extract_text())).strip()
            for page in PdfReader(str(path)).pages]


def test_the_summary_tells_the_story_in_warm_plain_headings(made):
    _, summary, _, _, progress = made
    headings = [b.text for b in summary.blocks if isinstance(b, Heading)]
    assert headings[:2] == ["About this summary", "What we wanted to work on"]
    assert "Cycle 1: Building a tower together" in headings and "Cycle 3: Building a tower together" in headings
    assert headings.count("Moments we looked at together") == 3 and headings.count("What we agreed next") == 3
    assert headings[-3:] == ["The strengths we saw", "Looking back together", "Consent and the films"]
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert "private note" not in summary.text()  # the guider's micro-analysis notes stay out
    # Each cycle's comment from the carer sits under its own label, never read as the last moment's.
    blocks = summary.blocks
    comment = next(i for i, b in enumerate(blocks) if isinstance(b, Quote) and b.text == "I felt proud in cycle 2.")
    assert blocks[comment - 1] == Heading("What Jo Smith said about cycle 2 as a whole", level=3)
    cards = [b for b in blocks if isinstance(b, Card)]
    assert len(cards) == 15 and all(c.picture and c.principles and c.words for c in cards)


def test_the_letter_is_for_the_carer_warm_and_plain_with_no_codes_or_tags(made):
    store, summary, letter, _, _ = made
    text = letter.text()
    assert letter.opening == "Dear Jo," and text.rstrip().endswith("Dr Ada Patel")
    for kept in ("How can I help Sam stay calm when plans change?", "In cycle 2 he looks at me (3).", LONG,
                 "I felt proud in cycle 3.", "I see him differently now.", "Keep the floor play going (1).",
                 "You rated it 2 out of 10 at the start, and 8 out of 10 at the end."):
        assert kept in text, kept
    family = store.load("VIG-0001")
    tags = {t for cycle in family.cycles for clip in cycle.clips for t in clip.tags}
    never = ("VIG-0001", "Audit", "audit", "Principle", "Both goals moved a long way.", *principle_labels(tags))
    for left_out in never:
        assert left_out not in text, left_out
    cards = [b for b in letter.blocks if isinstance(b, Card)]
    assert len(cards) == 15 and all(c.picture and not c.principles for c in cards)
    # The same moments, in the same order, as the records: one model, two voices.
    assert [(c.caption, c.words) for c in cards] == [(c.caption, c.words) for c in summary.blocks
                                                     if isinstance(c, Card)]
    assert saved_summary(store, "VIG-0001", LETTER_SAVED).text() == text  # the preview reads what was written


def test_both_word_files_are_a4_british_with_real_headings_and_alt_text_on_every_picture(made):
    _, summary, letter, documents, _ = made
    for label, model in (("Letter for the carer as Word", letter), ("Summary as Word", summary)):
        doc = Document(str(documents[label]))
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), label
        lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
            qn("w:lang"))
        assert lang.get(qn("w:val")) == "en-GB" and doc.core_properties.language == "en-GB"
        described = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
        assert len(described) == len(model.pictures()) and all(d and len(d) > 20 for d in described), described
        headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        assert headings == [b.text for b in model.blocks if isinstance(b, Heading)]
        assert all(doc.styles[f"Heading {n}"].paragraph_format.keep_with_next for n in (1, 2, 3))
        # A card's rows never split across pages, and its words are the carer's.
        cells = " ".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
        assert "In cycle 2 he looks at me (3)." in cells and LONG in cells
        rows = [row for table in doc.tables for row in table.rows]
        assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    records = Document(str(documents["Summary as Word"]))
    goals = next(t for t in records.tables if t.rows[0].cells[0].text == "Goal")
    assert goals.rows[1].cells[0].width.mm > 100  # the goal's words get the room, not the numbers
    assert "Sam stays calm when we stop playing" in goals.rows[1].cells[0].text and goals.rows[1].cells[2].text == \
        "8 (Cycle 3)"


@pytest.mark.parametrize("label", ["Letter for the carer as PDF", "Summary as PDF"])
def test_both_pdfs_are_a4_tagged_british_titled_and_every_picture_described(made, label):
    _, summary, letter, documents, _ = made
    model = letter if label.startswith("Letter") else summary
    reader = PdfReader(str(documents[label]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and reader.metadata.title == model.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] and root["/MarkInfo"]["/Marked"]
    assert all((round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) == A4_POINTS
               for p in reader.pages)
    figures, stack = [], [root["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict) or hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            kids = node.get("/K", [])
            stack += [k.get_object() for k in (kids if isinstance(kids, list) else [kids]) if hasattr(k, "get_object")]
    assert sum(len(p.images) for p in reader.pages) == len(model.pictures()) == len(figures)
    assert all(len(alt) > 20 for alt in figures) and "Line chart of the carer's ratings" in " ".join(figures)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:1] == [next(b.text for b in model.blocks if isinstance(b, Heading))]


@pytest.mark.parametrize("label", ["Letter for the carer as PDF", "Summary as PDF"])
def test_no_heading_is_stranded_and_every_card_is_on_one_page(made, label):
    _, summary, letter, documents, _ = made
    model = letter if label.startswith("Letter") else summary
    pages = pdf_pages(documents[label])
    for number, page in enumerate(pages[:-1], start=1):
        for heading in (b.text for b in model.blocks if isinstance(b, Heading)):
            assert not page.endswith(" ".join(heading.split())), f"page {number} ends with the heading {heading!r}"
    for card in (b for b in model.blocks if isinstance(b, Card)):
        first_said = " ".join(card.words[0][1].split()[:8])
        holding = [n for n, page in enumerate(pages)
                   if card.title in page and card.caption in page and first_said in page]
        assert holding, f"{card.title}'s caption and the carer's words are on different pages"


def test_without_consent_to_copies_stills_are_left_out_and_the_document_says_why(tmp_path, films):
    store = FamilyStore(tmp_path)
    full_intervention(store, "VIG-0002", films["silent"], cycles=1, clips_per_cycle=2, copies=False)
    summary = build_summary(store, "VIG-0002")
    pictures = [b for b in summary.blocks if isinstance(b, Picture)]
    assert [p.path.name for p in pictures] == ["goal-ratings.png", "principles.png"]
    assert all(c.picture is None for c in summary.blocks if isinstance(c, Card))
    assert "left out of this summary because the family's consent does not cover copies" in summary.text()
    assert any(isinstance(b, Card) and b.words for b in summary.blocks)  # the carer's words are still there
    assert "no pictures in this letter, because you chose not to have copies" in build_letter(store, "VIG-0002").text()
