"""One VIG cycle: its film and clips, the shared review with the carer's words, and the final review."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from ..core.principles import CUSTOM_PREFIX
from .base import (
    SHORT_TEXT_MAX,
    Name,
    Note,
    ShortText,
    _Model,
    new_id,
    utc_now,
)
from .films import Clip, Film


class PromptAnswer(_Model):
    prompt: ShortText
    text: Note = ""


class Reflection(_Model):
    """What the carer said about one clip during the shared review."""

    clip_id: str
    answers: list[PromptAnswer] = Field(default_factory=list)


class SharedReview(_Model):
    held_on: date | None = Field(default=None, title="Date of the shared review")
    attendees: list[Name] = Field(default_factory=list, title="Attendees")
    reflections: list[Reflection] = Field(default_factory=list)
    notes: Note = Field(default="", title="Discussion notes")
    carer_comments: Note = Field(default="", title="Carer's comments")
    next_steps: Note = Field(default="", title="Next steps")
    next_film_plan: Note = Field(default="", title="Plan for the next film")
    guider_note: Note = Field(default="", title="Private note")  # the guider's own, kept off every shared screen
    written_on: date | None = None  # when the guider last saved the write-up

    @property
    def written_up(self) -> bool:
        """The guider has recorded the session (reviews saved before ``written_on`` existed: by their words)."""
        return self.held_on is not None and (self.written_on is not None or any(
            (self.notes, self.carer_comments, self.next_steps, self.next_film_plan, self.attendees)))


class Coding(_Model):
    """One person's coding of a cycle's shared-review film, for supervision: their own clips, kept from the other
    coder until both have said they are ready to compare (and fixed from then on)."""

    coder: str  # an account name, never free text
    clips: list[Clip] = Field(default_factory=list, max_length=500)
    ready: bool = False


class Cycle(_Model):
    number: int = Field(ge=1, title="Cycle number")
    started_on: date = Field(default_factory=date.today)
    film: Film | None = None
    film_problem: Annotated[str, Field(max_length=SHORT_TEXT_MAX * 3)] = ""  # why the last film could not be prepared
    clips: list[Clip] = Field(default_factory=list)
    review_order_set: bool = False  # the guider has ordered the review's clips; until then they go in film time
    review: SharedReview | None = None
    is_final: bool = False
    # The recording of this cycle's shared review, for the guider's supervision, and each coder's layer on it.
    review_film: Film | None = None
    review_film_problem: Annotated[str, Field(max_length=SHORT_TEXT_MAX * 3)] = ""
    codings: list[Coding] = Field(default_factory=list, max_length=10)

    @model_validator(mode="before")
    @classmethod
    def _order_kept(cls, data):
        """A cycle saved before film-time order keeps the order its guider gave its clips, if it is not film time."""
        if isinstance(data, dict) and "review_order_set" not in data:
            picked = [c for c in data.get("clips") or [] if isinstance(c, dict) and c.get("chosen")]
            ordered = sorted(picked, key=lambda c: (c.get("order") is None, c.get("order") or 0, c.get("start_ms", 0)))
            in_film = sorted(picked, key=lambda c: (c.get("start_ms", 0), c.get("end_ms", 0)))
            data = {**data, "review_order_set": [id(c) for c in ordered] != [id(c) for c in in_film]}
        return data

    def film_with(self, film_id: str) -> Film | None:
        """The cycle's film or shared-review film with this id, if either is it."""
        return next((f for f in (self.film, self.review_film) if f is not None and f.id == film_id), None)


class FinalReview(_Model):
    """The end of the intervention: how it went, in the guider's and the carer's own words."""

    held_on: date = Field(default_factory=date.today, title="Date of the final review")
    evaluation: Note = Field(default="", title="Evaluation notes")
    carer_feedback: Note = Field(default="", title="The carer's feedback")


class CustomTag(_Model):
    id: str
    label: ShortText = Field(title="Tag label")

    @field_validator("id")
    @classmethod
    def _custom_namespace(cls, value: str) -> str:
        if not value.startswith(CUSTOM_PREFIX):
            raise ValueError("Custom tag ids start with 'custom.'.")
        return value


class SupervisionComment(_Model):
    """A VIG supervisor's comment on the guider's work with this family (needs supervisor-viewing consent)."""

    id: str = Field(default_factory=new_id)
    by: str = Field(title="Supervisor")  # the supervisor's account name, never free text
    at: datetime = Field(default_factory=utc_now)
    text: Annotated[Note, Field(min_length=1)] = Field(title="Comment")
