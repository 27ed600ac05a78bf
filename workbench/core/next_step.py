"""Where each family is in the VIG cycle, derived from its store, and the guider's next step in plain words.

``place(family)`` reads the stage from what the store holds; it is never typed in. The place is
kept in the caseload index, so the caseload can say what to do next without opening every store.
``next_step(place, today, settings)`` turns it into words, the page that does it, and whether it is
overdue; it is worked out on the day it is shown, since "3 days ago" and overdue change with the date.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..model import ConsentScope, Cycle, Family, FamilyStatus, FilmStatus
from .settings import Settings

FINAL_AFTER_CYCLES = 3  # the seed's rhythm: about three cycles, then the final review


class Stage(StrEnum):
    GOALS = "goals to agree"
    CONSENT = "consent to record"
    FILM = "film to add"
    PREPARING = "film preparing"
    CLIPS = "clips to choose"
    REVIEW = "shared review to hold"
    WRITE_UP = "write-up to finish"
    NEXT_FILM = "next film to make"
    FINAL_REVIEW = "final review"
    CLOSED = "closed"


class Rule(StrEnum):
    """What can become overdue, counted from ``Place.due_from``."""

    REVIEW = "review"  # the shared review, after filming
    FILM = "film"  # the next film, after the last shared review


# The page (by its step) where each stage's work is done.
PAGE_OF = {Stage.GOALS: "goals", Stage.CONSENT: "goals", Stage.FILM: "film", Stage.PREPARING: "film",
           Stage.CLIPS: "analysis", Stage.REVIEW: "review", Stage.WRITE_UP: "review", Stage.NEXT_FILM: "film",
           Stage.FINAL_REVIEW: "review", Stage.CLOSED: "summary"}


@dataclass(frozen=True)
class Place:
    """A family's stage, the cycle it is in, and the dates its next step is counted from."""

    stage: Stage
    cycle: int
    since: date  # when the stage began, as near as the store can tell
    due_from: date | None = None  # the date ``rule`` counts its days from
    rule: Rule | None = None
    detail: str = ""  # a fact the words need: clips chosen, a failed film, a cycle to start, a final review

    def data(self) -> dict:
        """Plain JSON for the caseload index."""
        return {**asdict(self), "since": self.since.isoformat(),
                "due_from": self.due_from.isoformat() if self.due_from else None}

    @classmethod
    def from_data(cls, data: dict) -> Place:
        return cls(stage=Stage(data["stage"]), cycle=int(data["cycle"]), since=date.fromisoformat(data["since"]),
                   due_from=date.fromisoformat(data["due_from"]) if data.get("due_from") else None,
                   rule=Rule(data["rule"]) if data.get("rule") else None, detail=str(data.get("detail", "")))


@dataclass(frozen=True)
class NextStep:
    words: str  # what to do, e.g. "Choose clips for cycle 2: the film is ready (filmed 3 days ago)"
    page: str  # the step whose page does it: goals, film, analysis, review or summary
    overdue: str | None = None  # a calm sentence when it is overdue, e.g. "Shared review overdue by 3 days"
    late_days: int = 0  # how many days overdue


def place(family: Family) -> Place:
    """Where ``family`` is in the cycle, from its store alone."""
    cycle = family.current_cycle
    number = cycle.number
    if family.status is FamilyStatus.CLOSED:
        return Place(Stage.CLOSED, number, family.closed_on or family.created_on)
    if family.final_review is not None:
        return Place(Stage.FINAL_REVIEW, number, family.final_review.held_on, detail="recorded")
    if family.helping_question is None or not family.goals:
        return Place(Stage.GOALS, number, family.created_on)
    if not (family.has_consent(ConsentScope.FILMING) and family.has_consent(ConsentScope.STORING)):
        agreed = family.helping_question.agreed_on if family.helping_question else family.created_on
        return Place(Stage.CONSENT, number, agreed)
    for earlier in family.cycles[:-1]:  # a cycle started before the last review was held and written up
        if earlier.film is not None and (earlier.review is None or not earlier.review.written_up):
            return _reviewing(earlier)
    last_review = _last_review_day(family)
    film = cycle.film
    if film is None or film.status is FilmStatus.FAILED:
        failed = "failed" if film is not None else ""
        if number == 1 or last_review is None:
            return Place(Stage.FILM, number, cycle.started_on, detail=failed)
        return Place(Stage.NEXT_FILM, number, last_review, last_review, Rule.FILM, detail=failed)
    filmed = film.filmed_on
    if film.in_hand:
        return Place(Stage.PREPARING, number, film.added_at.date(), filmed, Rule.REVIEW)
    review = cycle.review
    if review is None or review.held_on is None or not review.written_up:
        return _reviewing(cycle)
    held = review.held_on
    if cycle.is_final or number >= FINAL_AFTER_CYCLES:
        return Place(Stage.FINAL_REVIEW, number, held, detail="final" if cycle.is_final else "")
    return Place(Stage.NEXT_FILM, number + 1, held, held, Rule.FILM, detail="start")


def _reviewing(cycle: Cycle) -> Place:
    """A filmed cycle whose shared review is still to come: clips to choose, the review to hold, its write-up."""
    assert cycle.film is not None
    filmed, number, review = cycle.film.filmed_on, cycle.number, cycle.review
    if review is None or review.held_on is None:
        chosen = sum(1 for clip in cycle.clips if clip.chosen)
        if not chosen:
            return Place(Stage.CLIPS, number, filmed, filmed, Rule.REVIEW)
        return Place(Stage.REVIEW, number, filmed, filmed, Rule.REVIEW, detail=str(chosen))
    return Place(Stage.WRITE_UP, number, review.held_on)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"  # "3 Nov 2026"; %-d does not exist on Windows


def _last_review_day(family: Family) -> date | None:
    days = [c.review.held_on for c in family.cycles if c.review is not None and c.review.held_on is not None]
    return max(days) if days else None


def ago(day: date, today: date) -> str:
    """'today', 'yesterday', '3 days ago', 'tomorrow', 'in 3 days'."""
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    return f"{days} days ago" if days > 0 else f"in {-days} days"


def due_on(place: Place, settings: Settings) -> date | None:
    """The day the place's next step is due, where a rule counts one."""
    if place.rule is None or place.due_from is None:
        return None
    days = settings.review_within_days if place.rule is Rule.REVIEW else settings.film_within_days
    return place.due_from + timedelta(days=days)


def next_step(place: Place, today: date, settings: Settings) -> NextStep:
    """The guider's next step for a family at ``place``, on ``today``."""
    due = due_on(place, settings)
    overdue, late = None, 0
    if due is not None and today > due:
        late = (today - due).days
        what = "Shared review" if place.rule is Rule.REVIEW else f"Film for cycle {place.cycle}"
        overdue = f"{what} overdue by {late} day{'s' if late != 1 else ''}"
    page = "review" if place.detail == "start" else PAGE_OF[place.stage]  # the next cycle starts there
    return NextStep(_words(place, today, settings), page, overdue, late)


def _words(place: Place, today: date, settings: Settings) -> str:
    n, when = place.cycle, ago(place.since, today)
    match place.stage:
        case Stage.GOALS:
            return f"Agree the helping question and goals (family added {when})"
        case Stage.CONSENT:
            return "Record the carer's consent to filming and to storing the films"
        case Stage.FILM if place.detail == "failed":
            return f"Add the film for cycle {n} again: it could not be prepared"
        case Stage.FILM:
            return f"Add the film for cycle {n}"
        case Stage.PREPARING:
            return f"Wait for the film for cycle {n}: it is being prepared (added {when})"
        case Stage.CLIPS:
            return f"Choose clips for cycle {n}: the film is ready (filmed {when})"
        case Stage.REVIEW:
            clips = f"{place.detail} clip{'s' if place.detail != '1' else ''} chosen"
            return f"Hold the shared review for cycle {n}: {clips} (filmed {when})"
        case Stage.WRITE_UP:
            return f"Finish the write-up of cycle {n}'s shared review (held {when})"
        case Stage.NEXT_FILM if place.detail == "failed":
            return f"Add the film for cycle {n} again: it could not be prepared"
        case Stage.NEXT_FILM if place.detail == "start":
            return f"Start cycle {n} and make its film (last shared review {when})"
        case Stage.NEXT_FILM:
            return f"Make the film for cycle {n} (last shared review {when})"
        case Stage.FINAL_REVIEW if place.detail == "recorded":
            return f"Close the case: the final review was recorded {when}"
        case Stage.FINAL_REVIEW if place.detail == "final":
            return f"Hold the final review: cycle {n} was the last (shared review {when})"
        case Stage.FINAL_REVIEW:
            return f"Hold the final review, or start cycle {n + 1}: {n} cycles are written up"
        case _:
            erased = place.since + timedelta(days=settings.retention_days)
            return f"Closed {_day(place.since)}; films due for erasure on {_day(erased)}"


def filming_to_review(family: Family) -> list[tuple[int, int]]:
    """(cycle number, days from filming to its shared review) for each cycle whose review was held."""
    return [(c.number, (c.review.held_on - c.film.filmed_on).days) for c in family.cycles
            if c.film is not None and c.review is not None and c.review.held_on is not None]
