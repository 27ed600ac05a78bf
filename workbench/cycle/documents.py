"""The summary as documents: Word (python-docx), which council case records take, and PDF (fpdf2)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import matplotlib
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF

from ..core.storages import atomic_write_json, make_dirs, partial_path, private_file
from ..core.store import FamilyStore
from ..jobs import board
from ..jobs.kinds import JobKind
from ..jobs.tasks import Tracker
from ..media.library import FilmFiles
from . import exports
from .summary import (
    SAVED,
    Heading,
    Paragraph,
    Picture,
    Quote,
    Summary,
    Table,
    build_summary,
    summary_folder,
    summary_subject,
)

TEAL = (47, 111, 106)
# DejaVu ships inside matplotlib, so every script a carer writes in renders, on any machine.
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _publish(write, target: Path) -> Path:
    make_dirs(target.parent)
    partial = private_file(partial_path(target))
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def write_docx(summary: Summary, target: Path) -> Path:
    doc = Document()
    doc.core_properties.title = summary.title
    doc.core_properties.author = "VIG workbench"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(summary.title, level=0)
    for block in summary.blocks:
        if isinstance(block, Heading):
            heading = doc.add_heading(block.text, level=block.level)
            for run in heading.runs:
                run.font.color.rgb = RGBColor(*TEAL)
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
            doc.add_picture(str(block.path), width=Cm(block.width_cm))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.add_paragraph(block.caption, style="Caption")
        elif isinstance(block, Table):
            show_header = any(block.header)
            table = doc.add_table(rows=0, cols=len(block.header), style="Table Grid")
            for number, row in enumerate(((block.header,) if show_header else ()) + block.rows):
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
                    if show_header and number == 0:
                        cell.paragraphs[0].runs[0].bold = True
            doc.add_paragraph()
    return _publish(lambda path: doc.save(str(path)), target)


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"Page {self.page_no()}", align="C")


def write_pdf(summary: Summary, target: Path) -> Path:
    pdf = _PDF(format="A4")
    pdf.set_title(summary.title)
    pdf.set_author("VIG workbench")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_text_color(*TEAL)
    pdf.set_font("DejaVu", "B", 19)
    pdf.multi_cell(0, 9, summary.title)
    pdf.ln(3)
    for block in summary.blocks:
        pdf.set_text_color(30, 40, 45)
        if isinstance(block, Heading):
            pdf.ln(3)
            pdf.set_text_color(*TEAL)
            pdf.set_font("DejaVu", "B", 15 if block.level == 1 else 12)
            pdf.multi_cell(0, 7, block.text)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            if block.bold_lead:
                pdf.set_font("DejaVu", "B", 10.5)
                pdf.write(5.5, block.bold_lead + " ")
            pdf.set_font("DejaVu", "", 10.5)
            pdf.write(5.5, block.text)
            pdf.ln(8)
        elif isinstance(block, Quote):
            pdf.set_font("DejaVu", "I", 10.5)
            pdf.set_x(pdf.l_margin + 8)
            pdf.multi_cell(pdf.epw - 8, 5.5, f"“{block.text}”" + (f"\n— {block.who}" if block.who else ""))
            pdf.ln(2)
        elif isinstance(block, Picture):
            width = block.width_cm * 10
            pdf.image(str(block.path), x=pdf.l_margin + (pdf.epw - width) / 2, w=width)
            pdf.set_font("DejaVu", "I", 8.5)
            pdf.multi_cell(0, 5, block.caption, align="C")
            pdf.ln(2)
        elif isinstance(block, Table):
            pdf.set_font("DejaVu", "", 9.5)
            show_header = any(block.header)
            rows = ((block.header,) if show_header else ()) + block.rows
            with pdf.table(first_row_as_headings=show_header, line_height=6) as table:
                for row in rows:
                    cells = table.row()
                    for text in row:
                        cells.cell(text)
            pdf.ln(3)
    return _publish(lambda path: pdf.output(str(path)), target)


def make_summary(store: FamilyStore, code: str, on_progress: Callable[[float], None] | None = None) -> Path:
    """Build the summary and write it as Word and PDF, with an ELAN file per analysed cycle; returns its folder."""
    progress = on_progress or (lambda _: None)
    summary = build_summary(store, code, lambda fraction: progress(fraction * 0.8))
    family = store.load(code)
    folder = summary_folder(store, code)
    write_docx(summary, folder / f"summary-{code}.docx")
    progress(0.9)
    write_pdf(summary, folder / f"summary-{code}.pdf")
    for cycle in family.cycles:
        if cycle.film and cycle.film.ready and cycle.clips:
            proxy = FilmFiles.of(store, code, cycle.film.id).proxy
            exports.write_eaf(family, cycle, proxy, folder / f"cycle-{cycle.number}-{code}.eaf")
    atomic_write_json(folder / SAVED, summary.to_json(store.family_dir(code)))
    progress(1.0)
    return folder


def summary_documents(store: FamilyStore, code: str) -> list[tuple[str, Path]]:
    """The summary's documents that have been made, as (label, file): Word first, then PDF."""
    folder = summary_folder(store, code)
    made = [("Summary as Word", folder / f"summary-{code}.docx"), ("Summary as PDF", folder / f"summary-{code}.pdf")]
    return [(label, path) for label, path in made if path.is_file()]


def _summary(tracker: Tracker, code: str) -> str:
    return str(make_summary(FamilyStore(tracker.root), code, tracker.progress).relative_to(tracker.root))


SUMMARY = JobKind("summary", _summary)


def queue_summary(store: FamilyStore, code: str) -> None:
    """Ask the queue to make the summary's documents (``make_summary``); only the family's guider may."""
    store.authorize(code)
    board.submit(store.root, SUMMARY, summary_subject(code), code)
