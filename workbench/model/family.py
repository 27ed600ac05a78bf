"""The Family: one aggregate, loaded, changed and saved as a whole."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from ..core.codes import validate_family_code
from ..core.errors import InvalidInput
from ..core.principles import catalogue_labels
from .base import (
    MAX_GOALS,
    Name,
    _Model,
)
from .bookings import MAX_SESSIONS, BookedSession
from .consents import Consent, ConsentScope
from .cycles import CustomTag, Cycle, FinalReview, SupervisionComment
from .goals import Goal, HelpingQuestion
from .invitations import MAX_INVITATIONS, Invitation
from .people import Carer, Child, ReferralConcern


class FamilyStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"



class Family(_Model):
    code: str = Field(title="Family code")
    child: Child
    carers: list[Carer] = Field(title="Carers")
    guider: Name = Field(title="Guider")
    guider_account: str = Field(default="", max_length=32)  # the account that owns the family; "" = unassigned
    concern: ReferralConcern
    status: FamilyStatus = FamilyStatus.ACTIVE
    created_on: date = Field(default_factory=date.today)
    closed_on: date | None = None
    consents: list[Consent] = Field(default_factory=list)
    helping_question: HelpingQuestion | None = None
    goals: list[Goal] = Field(default_factory=list, title="Goals")
    cycles: list[Cycle] = Field(default_factory=lambda: [Cycle(number=1)])
    custom_tags: list[CustomTag] = Field(default_factory=list)
    final_review: FinalReview | None = None
    keep_originals: bool = Field(default=True, title="Keep original films")
    is_demo: bool = False
    supervision: list[SupervisionComment] = Field(default_factory=list)
    sessions: list[BookedSession] = Field(default_factory=list, max_length=MAX_SESSIONS, title="Booked sessions")
    invitations: list[Invitation] = Field(default_factory=list, max_length=MAX_INVITATIONS)

    @field_validator("code", mode="before")
    @classmethod
    def _valid_code(cls, value: object) -> str:
        return validate_family_code(value)

    @field_validator("carers")
    @classmethod
    def _some_carers(cls, value: list[Carer]) -> list[Carer]:
        if not value:
            raise ValueError("Please add at least one carer.")
        if len(value) > 6:
            raise ValueError("A family can have at most 6 carers.")
        return value

    @field_validator("goals")
    @classmethod
    def _at_most_three_goals(cls, value: list[Goal]) -> list[Goal]:
        if len(value) > MAX_GOALS:
            raise ValueError(f"A family can have at most {MAX_GOALS} goals.")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Family:
        numbers = [c.number for c in self.cycles]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("Cycles must be numbered 1, 2, 3… without gaps.")
        if self.status is FamilyStatus.CLOSED and self.closed_on is None:
            raise ValueError("A closed family needs its close date.")
        known = set(catalogue_labels()) | {t.id for t in self.custom_tags}
        for cycle in self.cycles:
            for clip in cycle.clips:
                unknown = [t for t in clip.tags if t not in known]
                if unknown:
                    raise ValueError(f"Clip tags are not in the catalogue: {', '.join(unknown)}.")
        return self

    # -- reading -----------------------------------------------------------
    @property
    def current_cycle(self) -> Cycle:
        return self.cycles[-1]

    def cycle(self, number: int) -> Cycle:
        if not 1 <= number <= len(self.cycles):
            raise InvalidInput(f"Family {self.code} has no cycle {number}.")
        return self.cycles[number - 1]

    def goal(self, goal_id: str) -> Goal:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise InvalidInput("That goal no longer exists; it may have been removed in another window.")

    def consent(self, consent_id: str) -> Consent:
        for consent in self.consents:
            if consent.id == consent_id:
                return consent
        raise InvalidInput("That consent record could not be found.")

    def has_consent(self, scope: ConsentScope, on: date | None = None) -> bool:
        day = on or date.today()
        return any(scope in c.covers and c.active_on(day) for c in self.consents)

    def consented_scopes(self, on: date | None = None) -> list[ConsentScope]:
        return [s for s in ConsentScope if self.has_consent(s, on)]
