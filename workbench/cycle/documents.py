"""The end-of-intervention documents, made on the queue: the carer's letter and the summary for the case records,
each as Word (which council case records take) and PDF, with an ELAN file per analysed cycle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.storages import atomic_write_json
from ..core.store import FamilyStore
from ..jobs import board
from ..jobs.kinds import JobKind
from ..jobs.tasks import Tracker
from ..media.library import FilmFiles
from . import exports
from .letter import build_letter
from .summary import LETTER_SAVED, SAVED, build_summary, summary_folder, summary_subject


@dataclass(frozen=True)
class Made:
    label: str
    path: Path


def _names(code: str) -> list[tuple[str, str]]:
    """(label, file name) of every document, the carer's letter first."""
    return [("Letter for the carer as Word", f"letter-{code}.docx"),
            ("Letter for the carer as PDF", f"letter-{code}.pdf"),
            ("Summary as Word", f"summary-{code}.docx"), ("Summary as PDF", f"summary-{code}.pdf")]


def make_summary(store: FamilyStore, code: str, on_progress: Callable[[float], None] | None = None) -> Path:
    """Build the summary and the carer's letter and write each as Word and PDF, with an ELAN file per analysed
    cycle; returns their folder."""
    # The writers bring python-docx, fpdf2 and matplotlib's fonts (half a second to import): loaded when a
    # document is first made, not by every process that imports the package (the app, the consumer, a notebook).
    from .pdf import write_pdf
    from .word import write_docx

    progress = on_progress or (lambda _: None)
    summary = build_summary(store, code, lambda fraction: progress(fraction * 0.5))
    letter = build_letter(store, code, lambda fraction: progress(0.5 + fraction * 0.2))
    family = store.load(code)
    folder = summary_folder(store, code)
    writes = ((letter, write_docx), (letter, write_pdf), (summary, write_docx), (summary, write_pdf))
    for n, ((_, name), (document, write)) in enumerate(zip(_names(code), writes, strict=True), start=1):
        write(document, folder / name)
        progress(0.7 + 0.07 * n)
    for cycle in family.cycles:
        if cycle.film and cycle.film.ready and cycle.clips:
            proxy = FilmFiles.of(store, code, cycle.film.id).proxy
            exports.write_eaf(family, cycle, proxy, folder / f"cycle-{cycle.number}-{code}.eaf")
    atomic_write_json(folder / LETTER_SAVED, letter.to_json(store.family_dir(code)))
    atomic_write_json(folder / SAVED, summary.to_json(store.family_dir(code)))
    progress(1.0)
    return folder


def summary_documents(store: FamilyStore, code: str) -> list[Made]:
    """The documents that have been made: the carer's letter, then the summary for the records; Word before PDF."""
    folder = summary_folder(store, code)
    return [Made(label, folder / name) for label, name in _names(code) if (folder / name).is_file()]


def _summary(tracker: Tracker, code: str) -> str:
    return str(make_summary(FamilyStore(tracker.root), code, tracker.progress).relative_to(tracker.root))


SUMMARY = JobKind("summary", _summary)


def queue_summary(store: FamilyStore, code: str) -> None:
    """Ask the queue to make the documents (``make_summary``); only the family's guider may."""
    store.authorize(code)
    board.submit(store.root, SUMMARY, summary_subject(code), code)
