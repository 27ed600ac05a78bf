"""The shared review and what follows it: the carer's reflections, the write-up, re-ratings, the next cycle,
the final review and closing the case.

Like ``analysis``, these change a ``Family`` and run inside ``store.update``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.principles import principle_of, principles
from ..core.validation import build
from ..model import Clip, Cycle, Family, FamilyStatus, FinalReview, Goal, PromptAnswer, Rating, Reflection, SharedReview
from .analysis import chosen
from .bookings import cancel_coming

# How each principle is named to the carer: warm, plain, about what they did well.
STRENGTHS = {
    "attentive": "being attentive",
    "encouraging": "encouraging their initiatives",
    "receiving": "receiving their initiatives",
    "attuned": "building an attuned interaction together",
    "guiding": "guiding them",
    "deepening": "deepening the conversation",
}


def caption(clip: Clip, child: str) -> str:
    """A plain, strength-based caption from the clip's tags, e.g. 'Here you are being attentive and guiding Sam.'"""
    touched = [p.id for p in principles() if any(principle_of(t) == p.id for t in clip.tags)]
    phrases = [STRENGTHS[p].replace("them", child).replace("their", f"{child}'s") for p in touched]
    if not phrases:
        return f"A moment with {child}."
    joined = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
    return f"Here you are {joined}."


def _review(cycle: Cycle) -> SharedReview:
    if cycle.review is None:
        cycle.review = SharedReview()
    return cycle.review


def answers(cycle: Cycle, clip_id: str) -> dict[str, str]:
    """The carer's words for one clip, by prompt."""
    for reflection in (cycle.review.reflections if cycle.review else []):
        if reflection.clip_id == clip_id:
            return {a.prompt: a.text for a in reflection.answers}
    return {}


def reflect(family: Family, cycle_number: int, clip_id: str, prompt: str, text: str) -> None:
    """Save what the carer said about a clip in answer to one prompt (as typed; an empty answer clears it)."""
    cycle = family.cycle(cycle_number)
    if not any(c.id == clip_id for c in cycle.clips):
        raise InvalidInput("That clip no longer exists.")
    review = _review(cycle)
    current = answers(cycle, clip_id)
    current[prompt] = text
    reflection = build(Reflection, clip_id=clip_id,
                       answers=[PromptAnswer(prompt=p, text=t) for p, t in current.items() if t.strip()])
    review.reflections = [r for r in review.reflections if r.clip_id != clip_id] + [reflection]
    if review.held_on is None:
        review.held_on = date.today()


def write_up(family: Family, cycle_number: int, *, held_on: date, attendees: str, notes: str,
             carer_comments: str, next_steps: str, next_film_plan: str) -> SharedReview:
    """The guider's record of the session; attendees are given as one comma-separated line."""
    cycle = family.cycle(cycle_number)
    review = _review(cycle)
    people = [name.strip() for name in attendees.split(",") if name.strip()]
    updated = build(SharedReview, **{**review.model_dump(), "held_on": held_on, "attendees": people, "notes": notes,
                                     "carer_comments": carer_comments, "next_steps": next_steps,
                                     "next_film_plan": next_film_plan, "written_on": date.today()})
    cycle.review = updated
    return updated


def rerate(family: Family, cycle_number: int, ratings: dict[str, int | None], rated_by: str,
           rated_on: date | None = None, final: bool = False) -> None:
    """The carer's ratings of each goal for this cycle, or at the final review (``final``, on the final cycle);
    rating again corrects the rating."""
    if not family.cycle(cycle_number).is_final and final:
        raise InvalidInput("Mark this cycle as the final one before the final ratings.")
    if final and family.status is FamilyStatus.CLOSED:
        raise InvalidInput("The case is closed: its final ratings are kept as they were.")
    ratings = {goal_id: value for goal_id, value in ratings.items() if value is not None}  # unset: not rated
    if not ratings:
        raise InvalidInput("Choose the carer's rating for at least one goal.")
    for goal in family.goals:
        if goal.id not in ratings:
            continue
        new = build(Rating, value=ratings[goal.id], cycle=cycle_number, rated_by=rated_by,
                    rated_on=rated_on or date.today(), final=final)
        goal.ratings = [r for r in goal.ratings if (r.cycle, r.final) != (cycle_number, final)] + [new]


def cycle_ratings(family: Family, cycle_number: int, final: bool = False) -> dict[str, int]:
    """The ratings given for the cycle (or at the final review): only these are shown chosen in its form."""
    return {g.id: r.value for g in family.goals for r in g.ratings if (r.cycle, r.final) == (cycle_number, final)}


def earlier_ratings(goal: Goal, cycle_number: int, final: bool = False) -> str:
    """The goal's ratings before this form's, each by name: "baseline 2 · cycle 1: 4 · cycle 2: 7"."""
    before = [r for r in sorted(goal.ratings, key=lambda r: (r.cycle, r.final))
              if not r.final and (r.cycle < cycle_number or (final and r.cycle == cycle_number))]
    return " · ".join(f"baseline {r.value}" if r.cycle == 0 else f"cycle {r.cycle}: {r.value}" for r in before)


def start_next_cycle(family: Family) -> Cycle:
    """Open cycle N+1 after the latest one; its film is planned from the write-up."""
    current = family.current_cycle
    if family.status is FamilyStatus.CLOSED:
        raise InvalidInput("This family's case is closed; no new cycle can start.")
    if current.is_final:
        raise InvalidInput(f"Cycle {current.number} is the final one. Unmark it to continue with another cycle.")
    if current.film is None:
        raise InvalidInput(f"Cycle {current.number} has no film yet; add and review it before starting another.")
    cycle = Cycle(number=current.number + 1)
    family.cycles = [*family.cycles, cycle]
    return cycle


def mark_final(family: Family, cycle_number: int, final: bool) -> None:
    """Mark the latest cycle as the final one, or no longer: then its final ratings go too, so a chart never
    shows a "Final review" in the middle of an intervention that went on."""
    if final and cycle_number != family.current_cycle.number:
        raise InvalidInput("Only the latest cycle can be the final one.")
    if family.status is FamilyStatus.CLOSED:
        raise InvalidInput("The case is closed: its final review is kept as it was.")
    family.cycle(cycle_number).is_final = final
    if not final:
        for goal in family.goals:
            goal.ratings = [r for r in goal.ratings if not (r.final and r.cycle == cycle_number)]


def record_final_review(family: Family, *, held_on: date, evaluation: str, carer_feedback: str) -> FinalReview:
    if not family.current_cycle.is_final:
        raise InvalidInput("Mark the latest cycle as the final one first.")
    family.final_review = build(FinalReview, held_on=held_on, evaluation=evaluation, carer_feedback=carer_feedback)
    return family.final_review


def close_case(family: Family, on: date | None = None) -> None:
    """End the intervention. The close date starts the clock for erasing the family's films."""
    if family.final_review is None:
        raise InvalidInput("Record the final review before closing the case.")
    family.closed_on = on or date.today()  # first: a closed family must have its close date
    family.status = FamilyStatus.CLOSED
    cancel_coming(family)


def review_clips(family: Family, cycle_number: int) -> list[Clip]:
    """The clips shown on the shared screen, in the order set in micro-analysis."""
    return chosen(family.cycle(cycle_number))


def local_intro_film(root: Path, source: str) -> Path | None:
    """The intro film named in Settings as a file inside the data folder, or None if it is not there."""
    local = (root / source).resolve()
    return local if local.is_file() and local.is_relative_to(root.resolve()) else None


# -- how a clip is shown in the shared review --------------------------------------------
def _change_clip(family: Family, cycle_number: int, clip_id: str, **fields) -> Clip:
    cycle = family.cycle(cycle_number)
    clip = next((c for c in cycle.clips if c.id == clip_id), None)
    if clip is None:
        raise InvalidInput("That clip no longer exists; it may have been deleted in another window.")
    updated = build(Clip, **{**clip.model_dump(), **fields})
    cycle.clips = [updated if c.id == clip_id else c for c in cycle.clips]
    return updated


def set_lead_in(family: Family, cycle_number: int, clip_id: str, ms: int | None) -> Clip:
    """How much of what led up to the moment plays before it (None: the workbench's setting)."""
    return _change_clip(family, cycle_number, clip_id, lead_in_ms=None if ms is None else int(ms))


def set_spotlight(family: Family, cycle_number: int, clip_id: str, rect: dict | None) -> Clip:
    """The rectangle of the picture to zoom into (fractions of the picture), or None for none."""
    if rect is not None:
        try:
            rect = {k: float(rect[k]) for k in ("x", "y", "w", "h")}
        except (KeyError, TypeError, ValueError):
            raise InvalidInput("Draw the spotlight again: that rectangle could not be read.") from None
    return _change_clip(family, cycle_number, clip_id, spotlight=rect)


def set_goal(family: Family, cycle_number: int, clip_id: str, goal_id: str | None) -> Clip:
    """The goal this moment speaks to, so the carer's words about it can be recalled in a later cycle."""
    if goal_id is not None and not any(g.id == goal_id for g in family.goals):
        raise InvalidInput("That goal no longer exists.")
    return _change_clip(family, cycle_number, clip_id, goal_id=goal_id)


def earlier_words(family: Family, cycle_number: int, clip: Clip) -> list[str]:
    """What the carer said in earlier cycles about moments for the same goal, newest first, as shown to them."""
    if clip.goal_id is None:
        return []
    said = []
    for cycle in sorted(family.cycles, key=lambda c: -c.number):
        if cycle.number >= cycle_number:
            continue
        for earlier in cycle.clips:
            if earlier.goal_id == clip.goal_id:
                said += [f"“{text}” (cycle {cycle.number})" for text in answers(cycle, earlier.id).values()]
    return said


def keep_guider_note(family: Family, cycle_number: int, text: str) -> None:
    """The guider's private note during the shared review: never on any shared screen or in the carer's copy."""
    review = _review(family.cycle(cycle_number))
    review.guider_note = text
