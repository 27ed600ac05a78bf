"""Changes to a family's helping question and goals, and the carer's ratings of them, as free functions.

Each takes the family and changes it in place, so it composes with ``FamilyStore.update``:
``store.update(code, lambda f: add_goal(f, "Sam stays calm", "emotional", 3, "Jo"))``.
"""

from __future__ import annotations

from datetime import date

from ..core.errors import InvalidInput
from ..core.validation import build
from ..model import MAX_GOALS, Family, Goal, GoalCategory, HelpingQuestion, Rating


def set_helping_question(family: Family, text: str, agreed_on: date | None = None) -> HelpingQuestion:
    question = build(HelpingQuestion, text=text, agreed_on=agreed_on or date.today())
    family.helping_question = question
    return question

def add_goal(family: Family, text: str, category: GoalCategory | str, baseline: int | None,
             rated_by: str, rated_on: date | None = None) -> Goal:
    if len(family.goals) >= MAX_GOALS:
        raise InvalidInput(f"A family can have at most {MAX_GOALS} goals; edit or remove one first.")
    ratings = [] if baseline is None else [
        build(Rating, value=baseline, cycle=0, rated_by=rated_by, rated_on=rated_on or date.today())
    ]
    goal = build(Goal, text=text, category=category, ratings=ratings)
    family.goals = [*family.goals, goal]
    return goal

def edit_goal(family: Family, goal_id: str, text: str, category: GoalCategory | str) -> Goal:
    goal = family.goal(goal_id)
    edited = build(Goal, **{**goal.model_dump(), "text": text, "category": category})
    family.goals = [edited if g.id == goal_id else g for g in family.goals]
    return edited

def remove_goal(family: Family, goal_id: str) -> None:
    family.goal(goal_id)
    family.goals = [g for g in family.goals if g.id != goal_id]

def rate_goal(family: Family, goal_id: str, value: int | None, cycle: int, rated_by: str,
              rated_on: date | None = None) -> Rating:
    goal = family.goal(goal_id)
    if value is None:
        raise InvalidInput("Choose the carer's rating, from 0 to 10, first.")
    if cycle > len(family.cycles):
        raise InvalidInput(f"There is no cycle {cycle} yet; this family is in cycle {len(family.cycles)}.")
    rating = build(Rating, value=value, cycle=cycle, rated_by=rated_by, rated_on=rated_on or date.today())
    goal.ratings = [*goal.ratings, rating]
    return rating
