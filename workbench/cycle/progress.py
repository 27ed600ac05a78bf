"""How a family's goals have moved: rating series ready for a chart or a report."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Family

# One look per goal, the same in the app and in every document: a colour and a marker shape, so two goals
# with the same ratings stay told apart, in colour or not. (Vega-Lite shape, matplotlib marker.)
GOAL_LOOKS = (("#2F6F6A", "circle", "o"), ("#C98B2B", "square", "s"), ("#7A5C8E", "triangle-up", "^"))


@dataclass(frozen=True)
class RatingPoint:
    goal: str
    number: int  # the goal's number, 1..3: its look in GOAL_LOOKS
    cycle: int
    stage: str  # "Baseline", "Cycle 1", ...
    value: int
    rated_on: str
    rated_by: str


def stage_name(cycle: int, final: bool = False) -> str:
    return "Final review" if final else "Baseline" if cycle == 0 else f"Cycle {cycle}"


def rating_points(family: Family) -> list[RatingPoint]:
    """Every rating of every goal, in goal then time order; the goal labelled by its number and text."""
    points = []
    for number, goal in enumerate(family.goals, start=1):
        label = f"Goal {number}: {goal.text}"
        # A final review's rating stands for its cycle on a chart: the one the intervention ended on.
        finals = {r.cycle for r in goal.ratings if r.final}
        for rating in sorted(goal.ratings, key=lambda r: (r.cycle, r.rated_on)):
            if rating.cycle in finals and not rating.final:
                continue
            points.append(RatingPoint(label, number, rating.cycle, stage_name(rating.cycle, rating.final),
                                      rating.value, rating.rated_on.isoformat(), rating.rated_by))
    return points


def has_progress(family: Family) -> bool:
    """True once any goal has more than one rating, i.e. there is a line to draw."""
    return any(len(goal.ratings) > 1 for goal in family.goals)
