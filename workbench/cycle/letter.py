"""The carer's letter: the same moments as the summary for the records, in warm plain words, with no codes or tags.

Written to the first carer from the guider, to keep: what they wanted help with, each film's
moments as cards (the still beside its words, and what the carer said), how their goals moved,
and what happens to the films. It names no family code, no Principle and no audit record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from ..core.settings import load_settings
from ..core.store import FamilyStore
from ..core.words import long_date
from ..model import ConsentScope, Family
from .blocks import Heading, Paragraph, Quote, Summary
from .progress import has_progress
from .summary import goal_chart, moment_cards, summary_folder

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _goal_story(family: Family) -> list[Paragraph]:
    """Each goal, and how the carer rated it at the start and most recently, in a sentence."""
    told = []
    for goal in family.goals:
        base, latest = goal.baseline, goal.latest
        if base and latest and latest is not base:
            moved = f"You rated it {base.value} out of 10 at the start, and {latest.value} out of 10 at the end."
        elif base:
            moved = f"You rated it {base.value} out of 10 at the start."
        else:
            moved = ""
        told.append(Paragraph(f"“{goal.text}”. {moved}".strip()))
    return told


def build_letter(store: FamilyStore, code: str, on_progress: Callable[[float], None] | None = None) -> Summary:
    """The letter for the family's first carer, from its guider."""
    family = store.authorize(code)
    progress = on_progress or (lambda _: None)
    child, carer = family.child.name, family.carers[0].name.split()[0]
    letter = Summary(("DEMO · " if family.is_demo else "") + f"Looking back on our time with {child}",
                     opening=f"Dear {carer},")
    letter.add(Paragraph(f"Thank you for letting me film you and {child}, and for watching the films with me. "
                         "This letter is yours to keep. It brings together the moments we looked at, and what you "
                         "said about them, so you can come back to them whenever you like."))
    if family.helping_question or family.goals:
        letter.add(Heading("What you wanted help with"))
    if family.helping_question:
        letter.add(Quote(family.helping_question.text, who="Your question at the start"))
    if family.goals:
        letter.add(Paragraph("Together we chose these goals:"), *_goal_story(family))
    if has_progress(family):
        letter.add(goal_chart(family, summary_folder(store, code)))
    progress(0.15)

    for n, cycle in enumerate(family.cycles, start=1):
        film = cycle.film
        which = ORDINALS[n - 1] if n <= len(ORDINALS) else f"number {n}"
        activity = film.activity[0].lower() + film.activity[1:] if film else ""
        letter.add(Heading(f"Our {which} film" + (f": {activity}" if film else "")))
        if film:
            letter.add(Paragraph(f"We filmed on {long_date(film.filmed_on)}."))
        cards = moment_cards(store, family, cycle, for_records=False)
        if cards:
            letter.add(Heading("The moments we watched together", level=2), *cards)
        if cycle.review and cycle.review.carer_comments:
            letter.add(Heading("What you said about this film", level=3), Quote(cycle.review.carer_comments))
        if cycle.review and cycle.review.next_steps:
            letter.add(Heading("What we agreed to try next", level=2), Paragraph(cycle.review.next_steps))
        progress(0.15 + 0.7 * n / max(1, len(family.cycles)))

    final = family.final_review
    if final and final.carer_feedback:
        letter.add(Heading("Looking back"), Quote(final.carer_feedback, who="What you told me at the end"))
    letter.add(Heading("The films"), _films_sentence(family, store))
    letter.add(Paragraph("With warm wishes,"), Paragraph(family.guider))
    progress(1.0)
    return letter


def _films_sentence(family: Family, store: FamilyStore) -> Paragraph:
    days = load_settings(store.root).retention_days
    kept = ("They will be erased" + (f" by {long_date(family.closed_on + timedelta(days=days))}" if family.closed_on
                                     else f" {days} days after our work together ends"))
    pictures = ("" if family.has_consent(ConsentScope.CARER_COPIES) else
                " There are no pictures in this letter, because you chose not to have copies from the films.")
    return Paragraph(f"The films are kept safely by the service and seen only by the people you agreed to. "
                     f"{kept}, as you agreed.{pictures}")
