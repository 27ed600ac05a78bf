"""A trainee guider's supervision log: the sessions their VIG supervisor records, and the guider's reflections."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, field_validator

from ..core.codes import validate_family_code
from ..core.errors import InvalidInput
from .base import Note, _Model, new_id, utc_now

MAX_SUPERVISION_SESSIONS = 200  # far beyond the 23 sessions of the three stages


class SupervisionSession(_Model):
    """One supervision session: written by the supervisor; the guider adds their reflection."""

    id: str = Field(default_factory=new_id)
    held_on: date = Field(title="Date of the session")
    supervisor: str = Field(title="Supervisor")  # the supervisor's account name, never free text
    minutes: int = Field(default=60, ge=15, le=240, title="Length (minutes)")
    stage: int = Field(ge=1, le=3, title="Accreditation stage")
    families: list[str] = Field(default_factory=list, max_length=30, title="Families discussed")  # codes only
    notes: Note = Field(default="", title="Notes")
    actions: Note = Field(default="", title="Agreed actions")
    signs_off_stage: bool = False  # the supervisor confirms the stage complete with this session
    reflection: Note = Field(default="", title="The guider's reflection")
    reflected_on: date | None = None
    written_at: datetime = Field(default_factory=utc_now)

    @field_validator("families")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        try:
            return list(dict.fromkeys(validate_family_code(code) for code in value))
        except InvalidInput as error:
            raise ValueError(error.message) from None

    @field_validator("held_on")
    @classmethod
    def _plausible(cls, value: date) -> date:
        if not 2000 <= value.year <= 2100:
            raise ValueError("A session's date must be between the years 2000 and 2100.")
        return value


class SupervisionLog(_Model):
    """Everything of one guider's supervision: one file per guider, beside the families."""

    guider: str
    sessions: list[SupervisionSession] = Field(default_factory=list, max_length=MAX_SUPERVISION_SESSIONS)
    statement: Note = Field(default="", title="Reflective statement")  # the guider's, for the accreditation panel
    # The days of the written-up shared reviews of each family since erased, and nothing else of it (no code):
    # erasure takes the family, not the guider's work towards accreditation.
    erased_work: list[list[date]] = Field(default_factory=list, max_length=1000)

    @property
    def signed_off(self) -> list[date]:
        """The days stages were signed off, in order (at most three)."""
        return sorted(s.held_on for s in self.sessions if s.signs_off_stage)[:3]
