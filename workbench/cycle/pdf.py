"""A document's blocks as PDF (fpdf2): A4, British English, a title and outline, alt text on every picture.

fpdf2 tags what it can: each picture is a /Figure with its alt text in a structure tree, the
document says its language and shows its title, and every heading is in the outline. A heading
never sits at the foot of a page without what follows it, and a moment's card is kept on one page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF, FontFace, ViewerPreferences
from PIL import Image

from ..core.storages import publish
from .blocks import Card, Heading, Paragraph, Picture, Quote, Summary, Table

TEAL = (47, 111, 106)
INK, GREY, RULE = (30, 40, 45), (95, 100, 104), (200, 208, 206)
# DejaVu ships inside matplotlib, so every script a carer writes in renders, on any machine.
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
LINES_UNDER_HEADING_MM = 24  # of a long paragraph, this much must fit under its heading; a card or picture, whole
STILL_MM = 62
Draw = Callable[[Any, bool], None]  # draws a block on an FPDF, or on fpdf2's recorder trying it out (True)


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def _new_pdf(summary: Summary) -> _PDF:
    pdf = _PDF(format="A4")
    pdf.set_title(summary.title)
    pdf.set_author("VIG workbench")
    pdf.set_lang("en-GB")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.add_font("DejaVu", "BI", str(FONTS / "DejaVuSans-BoldOblique.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    return pdf


def _together(pdf: FPDF, draw: Draw) -> None:
    """Draw on one page: tried first on a dummy (pictures as blank space), and if it would cross the foot of this
    page, started on the next. Longer than a whole page (a very long answer), it runs on as text does."""
    with pdf.offset_rendering() as trial:
        draw(trial, True)
    if trial.page_break_triggered and pdf.y > pdf.t_margin + 1:
        pdf.add_page()
    draw(pdf, False)


def _height(pdf: FPDF, draw: Draw) -> float:
    """How tall ``draw`` would be, tried on a dummy (pages it would turn counted in, as fpdf2 counts them)."""
    with pdf.offset_rendering() as trial:
        start, page = trial.y, trial.page
        draw(trial, True)
        return trial.y - start + (trial.page - page) * pdf.eph


def _heading(pdf: FPDF, block: Heading, after: Draw | None, whole: bool) -> None:
    """The heading, on the next page unless what follows it (its first lines, or if ``whole`` all of it: a card
    or a picture) fits below it on this one."""
    def draw(target: Any, trial: bool) -> None:
        target.ln(3 if block.level == 1 else 1.5)
        if not trial:
            target.start_section(block.text, level=min(block.level, 3) - 1, strict=False)  # the outline
        target.set_text_color(*TEAL)
        target.set_font("DejaVu", "B", {1: 15, 2: 12.5}.get(block.level, 11))
        target.multi_cell(0, 7 if block.level == 1 else 6, block.text, align="L")
        target.ln(1.5)

    below = _height(pdf, after) if after else 0.0
    need = _height(pdf, draw) + (below if whole else min(below, LINES_UNDER_HEADING_MM))
    if pdf.y + need > pdf.page_break_trigger and pdf.y > pdf.t_margin + 1:
        pdf.add_page()
    draw(pdf, False)


def _quote(block: Quote) -> Draw:
    def draw(target: Any, trial: bool) -> None:
        target.set_font("DejaVu", "I", 10.5)
        target.set_text_color(*INK)
        target.set_x(target.l_margin + 8)
        said = f"“{block.text}”" + (f"\n— {block.who}" if block.who else "")
        target.multi_cell(target.epw - 8, 5.5, said, align="L")
        target.ln(2)

    return draw


def _paragraph(block: Paragraph) -> Draw:
    def draw(target: Any, trial: bool) -> None:
        target.set_text_color(*INK)
        if block.bold_lead:
            target.set_font("DejaVu", "B", 10.5)
            target.write(5.5, block.bold_lead + " ")
        target.set_font("DejaVu", "", 10.5)
        target.write(5.5, block.text)
        target.ln(8)

    return draw


def _picture(block: Picture) -> Draw:
    width = block.width_cm * 10
    height = _scaled_height(block.path, width)

    def draw(target: Any, trial: bool) -> None:
        x = target.l_margin + (target.epw - width) / 2
        if trial:
            target.ln(height)
        else:
            target.image(str(block.path), x=x, w=width, alt_text=block.described)
        target.set_font("DejaVu", "I", 8.5)
        target.set_text_color(*GREY)
        target.multi_cell(0, 5, block.caption, align="C")
        target.ln(2)

    return draw


def _scaled_height(path: Path, width: float) -> float:
    with Image.open(path) as picture:
        return width * picture.height / picture.width


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font("DejaVu", "", 9.5)
    pdf.set_text_color(*INK)
    show_header = any(block.header)
    rows = ((block.header,) if show_header else ()) + block.rows
    widths = tuple(share * 100 for share in block.widths) if block.widths else None
    bold = FontFace(emphasis="BOLD")
    with pdf.table(first_row_as_headings=show_header, line_height=6, col_widths=widths, text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(232, 240, 238))) as table:
        for row in rows:
            cells = table.row()
            for n, text in enumerate(row):
                cells.cell(text, style=bold if n == 0 and not show_header else None)
    pdf.ln(3)


def _card(card: Card) -> Draw:
    still_h = _scaled_height(card.picture, STILL_MM) if card.picture else 0.0

    def draw(target: Any, trial: bool) -> None:
        top, left, page = target.y + 2, target.l_margin, target.page
        text_x = left + (STILL_MM + 6 if card.picture else 4)
        if card.picture and not trial:
            target.image(str(card.picture), x=left + 2, y=top + 2, w=STILL_MM - 2, alt_text=card.alt or card.caption)
        target.set_xy(text_x, top + 2)
        target.set_text_color(*TEAL)
        target.set_font("DejaVu", "B", 11)
        target.multi_cell(target.epw - (text_x - left) - 2, 6, card.title, align="L")
        target.set_x(text_x)
        target.set_text_color(*INK)
        target.set_font("DejaVu", "", 10.5)
        target.multi_cell(target.epw - (text_x - left) - 2, 5.5, card.caption, align="L")
        if card.principles:
            target.set_x(text_x)
            target.set_font("DejaVu", "", 8.5)
            target.set_text_color(*GREY)
            target.multi_cell(target.epw - (text_x - left) - 2, 4.5, card.principles, align="L")
        target.set_y(max(target.y, top + 2 + still_h) + 2)
        for asked, said in card.words:
            target.set_x(left + 4)
            target.set_text_color(*INK)
            target.set_font("DejaVu", "B", 9.5)
            target.multi_cell(target.epw - 8, 5, asked, align="L")
            target.set_x(left + 4)
            target.set_font("DejaVu", "I", 10.5)
            target.multi_cell(target.epw - 8, 5.5, f"“{said}”", align="L")
            target.ln(1)
        bottom = target.y + 1
        if target.page == page:  # a card longer than a page runs on without its frame
            target.set_draw_color(*RULE)
            target.rect(left, top, target.epw, bottom - top, round_corners=True)
        target.set_y(bottom + 4)

    return draw


def write_pdf(summary: Summary, target: Path) -> Path:
    pdf = _new_pdf(summary)
    pdf.set_text_color(*TEAL)
    pdf.set_font("DejaVu", "B", 19)
    pdf.multi_cell(0, 9, summary.title, align="L")
    pdf.ln(3)
    if summary.opening:
        pdf.set_text_color(*INK)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, summary.opening, align="L")
        pdf.ln(2)
    drawers = {Paragraph: _paragraph, Quote: _quote, Picture: _picture, Card: _card}
    blocks = summary.blocks
    for n, block in enumerate(blocks):
        if isinstance(block, Heading):
            after = blocks[n + 1] if n + 1 < len(blocks) else None
            _heading(pdf, block, drawers[type(after)](after) if type(after) in drawers else None,  # type: ignore
                     whole=isinstance(after, (Picture, Card)))
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, (Picture, Card)):
            _together(pdf, drawers[type(block)](block))  # type: ignore[operator]
        else:
            drawers[type(block)](block)(pdf, False)  # type: ignore[operator]
    return publish(lambda path: pdf.output(str(path)), target)
