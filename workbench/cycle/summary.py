"""The end-of-intervention summary for the case records: the story of the intervention, in the carer's own words.

``build_summary`` gathers it as blocks (``workbench.cycle.blocks``); ``workbench.cycle.documents``
writes them as Word and PDF, beside the carer's letter (``workbench.cycle.letter``), which tells
the same moments without codes or tags. Headings are warm and plain: carers read this too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
from ..model import ConsentScope, Cycle, Family
from ..trust.audit import fingerprint
from . import figures, review
from .analysis import chosen
from .blocks import Block, Card, Heading, Paragraph, Picture, Quote, Summary, Table
from .progress import has_progress, stage_name

SUMMARY_DIR = "summary"
SAVED = "summary.json"  # the last summary made, for the preview; plain JSON, never code, as archives carry it
LETTER_SAVED = "letter.json"  # the last carer's letter made, likewise


def summary_folder(store: FamilyStore, code: str) -> Path:
    folder = store.family_dir(code) / SUMMARY_DIR
    make_dirs(folder)
    return folder


def summary_subject(code: str) -> str:
    return f"summary-{code}"


def saved_summary(store: FamilyStore, code: str, which: str = SAVED) -> Summary | None:
    """The summary (or with ``which=LETTER_SAVED``, the letter) last made for the family, or None if none has
    been (or it cannot be read)."""
    path = store.family_dir(code) / SUMMARY_DIR / which
    try:
        return Summary.from_json(json.loads(path.read_text(encoding="utf-8")), store.family_dir(code))
    except Exception:  # missing, damaged or hostile (an imported archive's): shown as not made yet
        return None


def goal_chart(family: Family, folder: Path) -> Picture:
    return Picture(figures.goal_ratings_png(family, folder / "goal-ratings.png"),
                   "How the carer rated each goal, from 0 to 10, from the start through each cycle",
                   alt=figures.goal_ratings_words(family))


def moment_cards(store: FamilyStore, family: Family, cycle: Cycle, for_records: bool) -> list[Card]:
    """A card per moment chosen for the cycle's shared review: its still (where consent covers copies for the
    carer), its strengths in plain words and the carer's words; the Principles' names only for the records."""
    child, cards = family.child.name, []
    ready = None
    if family.has_consent(ConsentScope.CARER_COPIES) and cycle.film is not None and cycle.film.ready:
        try:
            ready = ready_film(store, family, cycle.number)
        except WorkbenchError:
            pass  # no pictures, but the moments and the carer's words are still told
    for number, clip in enumerate(chosen(cycle), start=1):
        caption = review.caption(clip, child)
        still = None
        if ready is not None:
            try:
                # The spotlight the guider drew in the shared review (the child's face, say), if any.
                still = cuts.still(ready.files, ready.proxy, clip.still_at_ms, clip.spotlight)
            except WorkbenchError:
                pass  # a missing picture should not stop the summary
        words = tuple(review.answers(cycle, clip.id).items())
        cards.append(Card(f"Moment {number}", caption, still,
                          alt=f"A still from the film: {caption[0].lower()}{caption[1:]}",
                          principles=", ".join(principle_labels(clip.tags)) if for_records else "", words=words))
    return cards


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
    summary.add(Heading("About this summary"), Table(("", ""), cover, widths=(0.25, 0.75)))

    summary.add(Heading("What we wanted to work on"))
    if family.helping_question:
        summary.add(Paragraph(family.helping_question.text, bold_lead="Helping question:"))
    for number, goal in enumerate(family.goals, start=1):
        summary.add(Paragraph(goal.text, bold_lead=f"Goal {number}:"))
    if has_progress(family):
        summary.add(goal_chart(family, folder))
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
        cards = moment_cards(store, family, cycle, for_records=True)
        if cards:
            summary.add(Heading("Moments we looked at together", level=2), *cards)
        if cycle.review and cycle.review.carer_comments:
            carer = family.carers[0].name
            summary.add(Heading(f"What {carer} said about cycle {cycle.number} as a whole", level=3),
                        Quote(cycle.review.carer_comments, who=carer))
        if cycle.review and cycle.review.next_steps:
            summary.add(Heading("What we agreed next", level=2), Paragraph(cycle.review.next_steps))
        progress(0.15 + 0.6 * n / max(1, len(family.cycles)))

    if any(c.clips for c in family.cycles):
        summary.add(Heading("The strengths we saw"),
                    Picture(figures.principle_counts_png(family, folder / "principles.png"),
                            "How many moments showed each principle of attuned interaction, cycle by cycle",
                            alt=figures.principle_counts_words(family)))
    final = family.final_review
    if final:
        summary.add(Heading("Looking back together"))
        last = family.current_cycle.number
        rows = []
        for number, goal in enumerate(family.goals, start=1):
            base = goal.baseline
            end = max((r for r in goal.ratings if r.cycle == last), key=lambda r: r.final, default=goal.latest)
            rows.append((f"Goal {number}: {goal.text}", str(base.value) if base else "—",
                         f"{end.value} ({stage_name(end.cycle, end.final)})" if end else "—"))
        if rows:
            summary.add(Table(("Goal", "At the start", "At the end"), tuple(rows), widths=(0.64, 0.16, 0.2)))
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
