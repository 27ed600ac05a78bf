"""The helping question and up to three goals, with the carer's ratings of them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import (
    Field,
)

from .base import (
    Name,
    RatingValue,
    ShortText,
    _Model,
    new_id,
)


class GoalCategory(StrEnum):
    CONNECTION = "connection and relationship"
    COMMUNICATION = "communication"
    STAYING_CALM = "staying calm"
    BEHAVIOUR = "behaviour"
    PLAY = "play and enjoyment"
    LEARNING = "learning"
    OTHER = "other"



class HelpingQuestion(_Model):
    text: ShortText = Field(title="Helping question")
    agreed_on: date = Field(default_factory=date.today, title="Date agreed")


class Rating(_Model):
    value: RatingValue = Field(title="Rating")
    rated_on: date = Field(default_factory=date.today, title="Date of rating")
    cycle: int = Field(ge=0, title="Cycle", description="0 is the baseline, before the first film")
    rated_by: Name = Field(title="Who rated")
    final: bool = Field(False, title="Final review", description="given at the final review, after the cycle's own")


class Goal(_Model):
    id: str = Field(default_factory=new_id)
    text: ShortText = Field(title="Goal")
    category: GoalCategory = Field(title="Goal category")
    ratings: list[Rating] = Field(default_factory=list)

    @property
    def baseline(self) -> Rating | None:
        return next((r for r in self.ratings if r.cycle == 0), None)

    @property
    def latest(self) -> Rating | None:
        return max(self.ratings, key=lambda r: (r.cycle, r.final, r.rated_on), default=None)
