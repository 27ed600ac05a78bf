"""Consent: what it covers, who gave it, and whether it stands on a given day."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from .base import (
    SHORT_TEXT_MAX,
    Name,
    _Model,
    new_id,
    utc_now,
)
from .people import ConsentRole


class ConsentScope(StrEnum):
    FILMING = "filming"
    STORING = "storing the films"
    SUPERVISOR_VIEWING = "viewing by a VIG supervisor"
    CARER_COPIES = "copies for the carer"
    TRAINING = "use in training"
    REVIEW_FILMING = "filming the shared review for supervision"
    REMOTE_REVIEW = "watching the shared review on the carer's own device (viewing only: no copies, no recording)"



class Consent(_Model):
    """One consent as given. Never edited; a withdrawal only adds its date."""

    id: str = Field(default_factory=new_id)
    given_by: Name = Field(title="Who gave consent")
    role: ConsentRole = Field(title="Their role")
    given_on: date = Field(title="Date consent was given")
    covers: list[ConsentScope] = Field(title="What the consent covers")
    recorded_at: datetime = Field(default_factory=utc_now)
    withdrawn_on: date | None = None
    withdrawal_note: Annotated[str, Field(max_length=SHORT_TEXT_MAX)] = ""

    @field_validator("covers")
    @classmethod
    def _covers_something(cls, value: list[ConsentScope]) -> list[ConsentScope]:
        if not value:
            raise ValueError("Tick at least one thing the consent covers.")
        return sorted(set(value), key=list(ConsentScope).index)

    @model_validator(mode="after")
    def _withdrawn_after_given(self) -> Consent:
        if self.withdrawn_on is not None and self.withdrawn_on < self.given_on:
            raise ValueError("A consent cannot be withdrawn before the date it was given.")
        return self

    def active_on(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or day < self.withdrawn_on)
