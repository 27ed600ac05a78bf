"""The VIG domain model: a Family, its consents, helping question, goals and cycles.

Every type validates itself (``workbench.validation`` turns pydantic's errors
into sentences a guider can act on). A ``Family`` is one aggregate: it is
loaded, changed by free functions (``goals``, ``consent``, ``analysis``,
``review``) and saved as a whole by ``workbench.store``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from .codes import validate_family_code
from .errors import InvalidInput
from .principles import CUSTOM_PREFIX, catalogue_labels

MAX_GOALS = 3
NAME_MAX = 80
SHORT_TEXT_MAX = 300
NOTE_MAX = 20_000


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _no_control_chars(value: str) -> str:
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise ValueError("Text cannot contain hidden control characters.")
    return value


Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), AfterValidator(_no_control_chars)]
ShortText = Annotated[str, Field(min_length=1, max_length=SHORT_TEXT_MAX), AfterValidator(_no_control_chars)]
Note = Annotated[str, Field(max_length=NOTE_MAX), AfterValidator(_no_control_chars)]
RatingValue = Annotated[int, Field(ge=0, le=10)]


class _Model(BaseModel):
    model_config = ConfigDict(
        validate_assignment=True, extra="forbid", str_strip_whitespace=True, use_enum_values=False
    )


class CarerRole(StrEnum):
    FOSTER_CARER = "foster carer"
    KINSHIP_CARER = "kinship carer"
    PARENT = "parent"
    SCHOOL_STAFF = "school staff"
    OTHER = "other"


class ConsentRole(StrEnum):
    FOSTER_CARER = "foster carer"
    KINSHIP_CARER = "kinship carer"
    PARENT = "parent"
    SCHOOL_STAFF = "school staff"
    SOCIAL_WORKER = "social worker"
    YOUNG_PERSON = "young person"
    OTHER = "other"


class ConsentScope(StrEnum):
    FILMING = "filming"
    STORING = "storing the films"
    SUPERVISOR_VIEWING = "viewing by a VIG supervisor"
    CARER_COPIES = "copies for the carer"
    TRAINING = "use in training"


class ConcernKind(StrEnum):
    COMMUNICATION = "communication"
    BEHAVIOUR = "behaviour"
    STAYING_CALM = "staying calm"
    OTHER = "other"


class GoalCategory(StrEnum):
    CONNECTION = "connection and relationship"
    COMMUNICATION = "communication"
    STAYING_CALM = "staying calm"
    BEHAVIOUR = "behaviour"
    PLAY = "play and enjoyment"
    LEARNING = "learning"
    OTHER = "other"


class FamilyStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class Child(_Model):
    name: Name = Field(title="Child's first name or initials")
    year_of_birth: int = Field(title="Year of birth")

    @field_validator("name")
    @classmethod
    def _first_name_only(cls, value: str) -> str:
        if len(value.split()) > 2:
            raise ValueError(
                "Please give only the child's first name or initials, not their full name."
            )
        return value

    @field_validator("year_of_birth")
    @classmethod
    def _plausible_year(cls, value: int) -> int:
        this_year = date.today().year
        if not this_year - 25 <= value <= this_year:
            raise ValueError(f"Year of birth must be between {this_year - 25} and {this_year}.")
        return value


class Carer(_Model):
    name: Name = Field(title="Carer's name")
    role: CarerRole = Field(title="Carer's role")


class ReferralConcern(_Model):
    kind: ConcernKind = Field(title="Referral concern")
    detail: Annotated[str, Field(max_length=SHORT_TEXT_MAX)] = Field(default="", title="Concern details")

    @model_validator(mode="after")
    def _other_needs_words(self) -> ReferralConcern:
        if self.kind is ConcernKind.OTHER and not self.detail:
            raise ValueError("Please describe the referral concern in a few words.")
        return self

    def describe(self) -> str:
        return self.detail if self.kind is ConcernKind.OTHER else (
            self.kind.value + (f": {self.detail}" if self.detail else "")
        )


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


class HelpingQuestion(_Model):
    text: ShortText = Field(title="Helping question")
    agreed_on: date = Field(default_factory=date.today, title="Date agreed")


class Rating(_Model):
    value: RatingValue = Field(title="Rating")
    rated_on: date = Field(default_factory=date.today, title="Date of rating")
    cycle: int = Field(ge=0, title="Cycle", description="0 is the baseline, before the first film")
    rated_by: Name = Field(title="Who rated")


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
        return max(self.ratings, key=lambda r: (r.cycle, r.rated_on), default=None)


class FilmStatus(StrEnum):
    WAITING = "waiting"      # on the queue, behind other films
    PREPARING = "preparing"  # the review copy is being made
    READY = "ready"
    FAILED = "failed"        # ``Film.problem`` says why; the original is kept for another try


class FilmFacts(_Model):
    """What the probe found in the original film."""

    duration_ms: int = Field(ge=0)
    width: int = Field(ge=1)            # as shown: rotated, square pixels
    height: int = Field(ge=1)
    rotation: int = 0
    fps: float = Field(ge=0)
    variable_frame_rate: bool = False
    interlaced: bool = False
    video_codec: str
    audio_codec: str | None = None
    size_bytes: int = Field(ge=0)


class ProxyFacts(_Model):
    """The review proxy made from the original: what the browser plays, and what clips are cut from."""

    width: int = Field(ge=1)
    height: int = Field(ge=1)
    fps: int = Field(ge=1)
    duration_ms: int = Field(ge=0)
    has_audio: bool
    thumbnail_every_ms: int = Field(ge=1)
    thumbnails: int = Field(ge=0)
    size_bytes: int = Field(ge=0)


class Film(_Model):
    """The film of one cycle, from its first probe to its ready review proxy."""

    id: str = Field(default_factory=new_id)
    activity: ShortText = Field(title="Activity filmed")
    filmed_on: date = Field(title="Date filmed")
    original_name: Annotated[str, Field(max_length=255)] = Field(default="", title="Original file name")
    added_at: datetime = Field(default_factory=utc_now)
    status: FilmStatus = FilmStatus.WAITING
    problem: Annotated[str, Field(max_length=SHORT_TEXT_MAX * 3)] = ""  # why it failed, in one sentence
    facts: FilmFacts
    original_sha256: str = ""
    original_file: str = ""             # file name in the film's folder; empty once deleted
    proxy: ProxyFacts | None = None

    @property
    def ready(self) -> bool:
        return self.status is FilmStatus.READY and self.proxy is not None

    @property
    def in_hand(self) -> bool:
        """Waiting for or being prepared: its job is on the queue."""
        return self.status in (FilmStatus.WAITING, FilmStatus.PREPARING)

    @model_validator(mode="before")
    @classmethod
    def _from_older_records(cls, data: object) -> object:
        """Films saved before the job queue kept their job's progress on the record; that now lives with the queue."""
        if isinstance(data, dict) and ("progress" in data or data.get("status") == "ingesting"):
            job_fields = ("progress", "heartbeat", "worker_pid", "cancel_requested")
            data = {k: v for k, v in data.items() if k not in job_fields}
            if data.get("status") == "ingesting":
                data["status"] = FilmStatus.PREPARING.value
        return data


class Clip(_Model):
    id: str = Field(default_factory=new_id)
    start_ms: int = Field(ge=0, title="Clip start")
    end_ms: int = Field(ge=0, title="Clip end")
    tags: list[str] = Field(default_factory=list, title="Tags")
    note: Note = Field(default="", title="Note")
    chosen: bool = Field(default=False, title="For the shared review")
    order: int | None = Field(default=None, ge=0)
    still_ms: int | None = Field(default=None, ge=0, title="Still")  # the freeze frame; None: the middle

    @property
    def still_at_ms(self) -> int:
        return self.still_ms if self.still_ms is not None else (self.start_ms + self.end_ms) // 2

    @model_validator(mode="after")
    def _end_after_start(self) -> Clip:
        if self.end_ms <= self.start_ms:
            raise ValueError("A clip's end must come after its start.")
        return self

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


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


class Cycle(_Model):
    number: int = Field(ge=1, title="Cycle number")
    started_on: date = Field(default_factory=date.today)
    film: Film | None = None
    film_problem: Annotated[str, Field(max_length=SHORT_TEXT_MAX * 3)] = ""  # why the last film could not be prepared
    clips: list[Clip] = Field(default_factory=list)
    review: SharedReview | None = None
    is_final: bool = False


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
