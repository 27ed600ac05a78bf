"""A document's blocks as Word (python-docx): A4, British English, real heading styles, alt text on every picture.

Council case records take Word. Headings keep with what follows them, and a moment's card (the
still beside its words, then the carer's words) is one table row that never splits across pages.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..core.storages import publish
from .blocks import Card, Heading, Paragraph, Picture, Quote, Summary, Table

TEAL = RGBColor(47, 111, 106)
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.2)
TEXT_WIDTH_CM = 21.0 - 2 * 2.2
LANGUAGE = "en-GB"


def _british(doc) -> None:
    """Spell-check and read aloud as British English: the language of every run, unless a run says otherwise."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    doc.core_properties.language = LANGUAGE


def _describe(shape, text: str) -> None:
    """The picture's alt text, where Word and screen readers look for it (``wp:docPr``'s descr and title)."""
    shape._inline.docPr.set("descr", text)
    shape._inline.docPr.set("title", text[:120])


def _row_stays_whole(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _new_document(summary: Summary):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    _british(doc)
    doc.core_properties.title = summary.title
    doc.core_properties.author = "VIG workbench"
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # ragged right: easier to read
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        style.font.color.rgb = TEAL
        style.paragraph_format.keep_with_next = True
    return doc


def _table(doc, block: Table) -> None:
    show_header = any(block.header)
    table = doc.add_table(rows=0, cols=len(block.header), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    shares = block.widths or tuple(1 / len(block.header) for _ in block.header)
    for number, row in enumerate(((block.header,) if show_header else ()) + block.rows):
        added = table.add_row()
        _row_stays_whole(added)
        for cell, text, share in zip(added.cells, row, shares, strict=True):
            cell.width = Cm(TEXT_WIDTH_CM * share)
            cell.text = text
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
            if (show_header and number == 0) or (not show_header and text is row[0]):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    doc.add_paragraph()


def _card(doc, card: Card) -> None:
    """The still on the left, its title, caption and Principles on the right; the carer's words below, across."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _row_stays_whole(table.rows[0])
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.2), Cm(TEXT_WIDTH_CM - 7.2)
    if card.picture:
        _describe(left.paragraphs[0].add_run().add_picture(str(card.picture), width=Cm(6.8)), card.alt or card.caption)
    else:
        left.paragraphs[0].add_run("(no picture)").italic = True
    title = right.paragraphs[0]
    title.add_run(card.title).bold = True
    title.paragraph_format.keep_with_next = True
    right.add_paragraph(card.caption)
    if card.principles:
        right.add_paragraph(card.principles, style="Caption")
    if card.words:
        words = table.add_row()
        _row_stays_whole(words)
        cell = words.cells[0].merge(words.cells[1])
        first = True
        for asked, said in card.words:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.add_run(f"{asked} ").bold = True
            paragraph.add_run(f"“{said}”").italic = True
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def write_docx(summary: Summary, target: Path) -> Path:
    doc = _new_document(summary)
    doc.add_heading(summary.title, level=0)
    if summary.opening:
        doc.add_paragraph(summary.opening)
    for block in summary.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            if block.bold_lead:
                paragraph.add_run(block.bold_lead + " ").bold = True
            paragraph.add_run(block.text)
        elif isinstance(block, Quote):
            paragraph = doc.add_paragraph(style="Quote")
            paragraph.add_run(f"“{block.text}”")
            if block.who:
                paragraph.add_run(f"\n— {block.who}").italic = False
        elif isinstance(block, Picture):
            picture = doc.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.paragraph_format.keep_with_next = True  # with its caption
            _describe(picture.add_run().add_picture(str(block.path), width=Cm(block.width_cm)), block.described)
            doc.add_paragraph(block.caption, style="Caption")
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Card):
            _card(doc, block)
    return publish(lambda path: doc.save(str(path)), target)
