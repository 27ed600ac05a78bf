"""Sessions booked with a family: filming, a shared review or the final review, at a local date and time."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import Field, field_validator

from .base import _Model, new_id, utc_now

MAX_SESSIONS = 60  # about three years of fortnightly sessions; older ones can be cancelled


class SessionKind(StrEnum):
    FILMING = "filming"
    SHARED_REVIEW = "shared review"
    FINAL_REVIEW = "final review"


class BookedSession(_Model):
    """One booked session. The time is the guider's local wall-clock time, as they typed it."""

    id: str = Field(default_factory=new_id)
    kind: SessionKind = Field(title="Kind of session")
    starts_at: datetime = Field(title="Date and time")
    minutes: int = Field(default=60, ge=15, le=240, title="Length (minutes)")
    booked_at: datetime = Field(default_factory=utc_now)

    @field_validator("starts_at")
    @classmethod
    def _wall_clock(cls, value: datetime) -> datetime:
        # Local wall-clock time to the minute: what the guider agreed with the carer.
        if not 2000 <= value.year <= 2100:
            raise ValueError("A session's date must be between the years 2000 and 2100.")
        return value.replace(tzinfo=None, second=0, microsecond=0)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)
