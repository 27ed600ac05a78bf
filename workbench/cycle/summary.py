"""The end-of-intervention summary: the story of the intervention, in the carer's own words.

``build_summary`` gathers it as a list of simple blocks (headings, paragraphs,
quotes, pictures, tables); ``workbench.cycle.documents`` turns the blocks into Word
and PDF, and the app shows them as a preview. Headings are warm and plain:
carers read this too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ..core.errors import WorkbenchError
from ..core.principles import principle_labels
from ..core.settings import load_settings
from ..core.storages import make_dirs
from ..core.store import FamilyStore
from ..core.words import long_date
from ..media import clips as cuts
from ..media.library import ready_film
from ..model import ConsentScope, Family
from ..trust.audit import fingerprint
from . import figures, review
from .analysis import chosen
from .progress import has_progress, stage_name

SUMMARY_DIR = "summary"
SAVED = "summary.json"  # the last summary made, for the preview; plain JSON, never code, as archives carry it


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold_lead: str = ""  # a short bold lead-in, such as "Helping question:"


@dataclass(frozen=True)
class Quote:
    text: str
    who: str = ""


@dataclass(frozen=True)
class Picture:
    path: Path
    caption: str
    width_cm: float = 15.0


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Quote | Picture | Table


@dataclass
class Summary:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def to_json(self, family_dir: Path) -> dict:
        """The summary as plain JSON, with its pictures' paths relative to the family's folder."""
        blocks = []
        for block in self.blocks:
            fields = dict(block.__dict__)
            if isinstance(block, Picture):
                fields["path"] = str(block.path.relative_to(family_dir))
            blocks.append({"kind": type(block).__name__, **fields})
        return {"title": self.title, "blocks": blocks}

    @classmethod
    def from_json(cls, document: dict, family_dir: Path) -> Summary:
        kinds = {kind.__name__: kind for kind in (Heading, Paragraph, Quote, Picture, Table)}
        summary = cls(str(document["title"]))
        for fields in document["blocks"]:
            kind = kinds[fields.pop("kind")]
            if kind is Picture:
                path = (family_dir / fields["path"]).resolve()
                if not path.is_relative_to(family_dir.resolve()):
                    raise ValueError("a summary picture outside its family")
                fields["path"] = path
            if kind is Table:
                fields = {"header": tuple(map(str, fields["header"])),
                          "rows": tuple(tuple(map(str, row)) for row in fields["rows"])}
                if any(len(row) != len(fields["header"]) for row in fields["rows"]):
                    raise ValueError("a summary table row of the wrong length")
            summary.add(kind(**fields))
        return summary

    def text(self) -> str:
        """All the words, for checks and search."""
        parts = [self.title]
        for block in self.blocks:
            if isinstance(block, (Heading, Quote)):
                parts.append(block.text)
            elif isinstance(block, Paragraph):
                parts.append(f"{block.bold_lead} {block.text}".strip())
            elif isinstance(block, Picture):
                parts.append(block.caption)
            elif isinstance(block, Table):
                parts += [" ".join(block.header)] + [" ".join(row) for row in block.rows]
        return "\n".join(parts)



def summary_folder(store: FamilyStore, code: str) -> Path:
    folder = store.family_dir(code) / SUMMARY_DIR
    make_dirs(folder)
    return folder


def summary_subject(code: str) -> str:
    return f"summary-{code}"


def saved_summary(store: FamilyStore, code: str) -> Summary | None:
    """The summary last made for the family, or None if none has been (or it cannot be read)."""
    path = store.family_dir(code) / SUMMARY_DIR / SAVED
    try:
        return Summary.from_json(json.loads(path.read_text(encoding="utf-8")), store.family_dir(code))
    except Exception:  # missing, damaged or hostile (an imported archive's): shown as not made yet
        return None


def build_summary(store: FamilyStore, code: str, on_progress: Callable[[float], None] | None = None) -> Summary:
    family = store.authorize(code)
    folder = summary_folder(store, code)
    progress = on_progress or (lambda _: None)
    child = family.child.name
    copies = family.has_consent(ConsentScope.CARER_COPIES)
    summary = Summary(("DEMO · " if family.is_demo else "") + f"Video Interaction Guidance with {child}")

    started = family.cycles[0].started_on if family.cycles else family.created_on
    ended = family.closed_on or (family.final_review.held_on if family.final_review else None)
    cover = (("Family", family.code + (" (DEMO: synthetic films, no real people)" if family.is_demo else "")),
             ("Child", child), ("Carers", ", ".join(c.name for c in family.carers)),
             ("Guider", family.guider), ("Started", long_date(started)), ("Finished", long_date(ended)),
             ("Cycles", str(len(family.cycles))))
    summary.add(Heading("About this summary"), Table(("", ""), cover))

    summary.add(Heading("What we wanted to work on"))
    if family.helping_question:
        summary.add(Paragraph(family.helping_question.text, bold_lead="Helping question:"))
    for number, goal in enumerate(family.goals, start=1):
        summary.add(Paragraph(goal.text, bold_lead=f"Goal {number}:"))
    if has_progress(family):
        summary.add(Picture(figures.goal_ratings_png(family, folder / "goal-ratings.png"),
                            "How the carer rated each goal, from 0 to 10, from the start through each cycle"))
    progress(0.15)

    if not copies:
        summary.add(Paragraph("Pictures from the films are left out of this summary because the family's consent "
                              "does not cover copies for the carer."))
    for n, cycle in enumerate(family.cycles, start=1):
        film = cycle.film
        summary.add(Heading(f"Cycle {cycle.number}" + (f": {film.activity}" if film else "")))
        if film:
            activity = film.activity[0].lower() + film.activity[1:]
            summary.add(Paragraph(f"We filmed {activity} on {long_date(film.filmed_on)}."))
        shown = chosen(cycle)
        if shown:
            summary.add(Heading("Moments we looked at together", level=2))
        for number, clip in enumerate(shown, start=1):
            summary.add(Paragraph(review.caption(clip, child), bold_lead=f"Moment {number}."))
            if copies and film is not None and film.ready:
                try:
                    ready = ready_film(store, family, cycle.number)
                    # The spotlight the guider drew in the shared review (the child's face, say), if any.
                    still = cuts.still(ready.files, ready.proxy, clip.still_at_ms, clip.spotlight)
                    summary.add(Picture(still, f"Moment {number}: " + ", ".join(principle_labels(clip.tags) or
                                                                               ["a good moment"]), width_cm=11))
                except WorkbenchError:
                    pass  # a missing picture should not stop the summary
            for prompt, text in review.answers(cycle, clip.id).items():
                summary.add(Quote(text, who=f"{family.carers[0].name}, asked “{prompt}”"))
        if cycle.review and cycle.review.carer_comments:
            summary.add(Quote(cycle.review.carer_comments, who=family.carers[0].name))
        if cycle.review and cycle.review.next_steps:
            summary.add(Heading("What we agreed next", level=2), Paragraph(cycle.review.next_steps))
        progress(0.15 + 0.6 * n / max(1, len(family.cycles)))

    if any(c.clips for c in family.cycles):
        summary.add(Heading("The strengths we saw"),
                    Picture(figures.principle_counts_png(family, folder / "principles.png"),
                            "How many moments showed each principle of attuned interaction, cycle by cycle"))
    final = family.final_review
    if final:
        summary.add(Heading("Looking back together"))
        last = family.current_cycle.number
        rows = []
        for number, goal in enumerate(family.goals, start=1):
            base, end = goal.baseline, next((r for r in goal.ratings if r.cycle == last), goal.latest)
            rows.append((f"Goal {number}: {goal.text}", str(base.value) if base else "—",
                         f"{end.value} ({stage_name(end.cycle)})" if end else "—"))
        if rows:
            summary.add(Table(("Goal", "At the start", "At the end"), tuple(rows)))
        if final.evaluation:
            summary.add(Paragraph(final.evaluation, bold_lead="Evaluation:"))
        if final.carer_feedback:
            summary.add(Quote(final.carer_feedback, who=family.carers[0].name))

    summary.add(Heading("Consent and the films"), *_consent_statement(family, store))
    summary.add(Paragraph(f"Audit log when this was made: {fingerprint(store.root)}.", bold_lead="Record:"))
    progress(1.0)
    return summary


def _consent_statement(family: Family, store: FamilyStore) -> list[Block]:
    blocks: list[Block] = []
    for consent in family.consents:
        covers = ", ".join(scope.value for scope in consent.covers)
        state = f"withdrawn on {long_date(consent.withdrawn_on)}" if consent.withdrawn_on else "still in force"
        blocks.append(Paragraph(f"{consent.given_by} ({consent.role.value}) consented on {long_date(consent.given_on)} "
                                f"to {covers}; {state}."))
    if not family.consents:
        blocks.append(Paragraph("No consent is recorded."))
    days = load_settings(store.root).retention_days
    if family.closed_on:
        blocks.append(Paragraph(f"The films will be erased by {long_date(family.closed_on + timedelta(days=days))}, "
                                f"{days} days after the case closed on {long_date(family.closed_on)}."))
    else:
        blocks.append(Paragraph(f"The films will be erased {days} days after the case closes."))
    return blocks
