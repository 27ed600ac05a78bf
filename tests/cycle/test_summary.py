import time

import pytest
from docx import Document
from pypdf import PdfReader

from workbench import FamilyStore
from workbench.cycle.documents import write_docx, write_pdf
from workbench.cycle.summary import Heading, Picture, Quote, build_summary

from ..films import full_intervention


@pytest.fixture(scope="module")
def documents(tmp_path_factory, films):
    store = FamilyStore(tmp_path_factory.mktemp("summary"))
    full_intervention(store, "VIG-0001", films["silent"])
    progress = []
    start = time.perf_counter()
    summary = build_summary(store, "VIG-0001", progress.append)
    folder = tmp_path_factory.mktemp("docs")
    docx = write_docx(summary, folder / "summary.docx")
    pdf = write_pdf(summary, folder / "summary.pdf")
    print(f"summary for 3 cycles x 5 clips built in {time.perf_counter() - start:.2f} s")
    return store, summary, docx, pdf, progress


def test_the_summary_tells_the_story_in_warm_plain_headings(documents):
    _, summary, _, _, progress = documents
    headings = [b.text for b in summary.blocks if isinstance(b, Heading)]
    assert headings[:2] == ["About this summary", "What we wanted to work on"]
    assert "Cycle 1: Building a tower together" in headings and "Cycle 3: Building a tower together" in headings
    assert headings.count("Moments we looked at together") == 3 and headings.count("What we agreed next") == 3
    assert headings[-3:] == ["The strengths we saw", "Looking back together", "Consent and the films"]
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert "private note" not in summary.text()  # the guider's micro-analysis notes stay out


def test_the_docx_has_the_headings_quotes_and_pictures(documents):
    _, summary, docx, _, _ = documents
    doc = Document(str(docx))
    text = "\n".join(p.text for p in doc.paragraphs)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == "Video Interaction Guidance with Sam"
    assert "Looking back together" in headings and "Consent and the films" in headings
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert any("In cycle 2 he looks at me (3)." in q for q in quotes)
    assert any("I see him differently now." in q for q in quotes)
    assert len(doc.inline_shapes) == 15 + 2  # a still per chosen clip, and the two charts
    assert "How can I help Sam stay calm when plans change?" in text
    table_text = " ".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert "Sam stays calm when we stop playing" in table_text and "8 (Cycle 3)" in table_text
    assert "will be erased by" in text


def test_the_pdf_says_the_same(documents):
    _, summary, _, pdf, _ = documents
    reader = PdfReader(str(pdf))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    for fact in ("Video Interaction Guidance with Sam", "How can I help Sam stay calm when plans change?",
                 "In cycle 3 he looks at me (4).", "I see him differently now.", "Looking back together",
                 "will be erased by", "copies for the carer"):
        assert fact in text, fact
    pictures = sum(len(page.images) for page in reader.pages)
    assert pictures == 17


def test_without_consent_to_copies_stills_are_left_out_and_the_document_says_why(tmp_path, films):
    store = FamilyStore(tmp_path)
    full_intervention(store, "VIG-0002", films["silent"], cycles=1, clips_per_cycle=2, copies=False)
    summary = build_summary(store, "VIG-0002")
    pictures = [b for b in summary.blocks if isinstance(b, Picture)]
    assert [p.path.name for p in pictures] == ["goal-ratings.png", "principles.png"]
    assert "left out of this summary because the family's consent does not cover copies" in summary.text()
    assert any(isinstance(b, Quote) for b in summary.blocks)  # the carer's words are still there
