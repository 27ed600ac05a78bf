"""A cycle's film (its facts, its review copy, its status) and the clips marked on it."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    Field,
    model_validator,
)

from .base import (
    SHORT_TEXT_MAX,
    Note,
    ShortText,
    _Model,
    new_id,
    utc_now,
)

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".mts", ".m2ts", ".avi", ".mkv", ".webm", ".3gp", ".wmv", ".mpg", ".mpeg"}
# A kept original is always ``original`` and a known type (``.video`` for any other): a bare name, never a path.
ORIGINAL_NAME = re.compile(r"original(" + "|".join(re.escape(s) for s in sorted(VIDEO_SUFFIXES)) + r"|\.video)")
# What the browser plays before the review copy is ready: the original itself, or a stream copy of it.
FIRST_LOOK_NAME = re.compile(ORIGINAL_NAME.pattern + r"|first-look\.(mp4|webm)")
RECORD_ID = r"^[a-f0-9]{12}$"  # as ``new_id`` makes them: a film's id names its folder


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


class FirstLook(_Model):
    """The film as a browser plays it before its review copy is ready, and the review copy's frames to come."""

    file: str = Field(pattern=f"^({FIRST_LOOK_NAME.pattern})$")
    grid: ProxyFacts  # marks made on the first look are kept on these frames, so they stay exact on the copy


class Film(_Model):
    """The film of one cycle, from its first probe to its ready review proxy."""

    id: str = Field(default_factory=new_id, pattern=RECORD_ID)
    activity: ShortText = Field(title="Activity filmed")
    filmed_on: date = Field(title="Date filmed")
    original_name: Annotated[str, Field(max_length=255)] = Field(default="", title="Original file name")
    added_at: datetime = Field(default_factory=utc_now)
    status: FilmStatus = FilmStatus.WAITING
    problem: Annotated[str, Field(max_length=SHORT_TEXT_MAX * 3)] = ""  # why it failed, in one sentence
    facts: FilmFacts
    original_sha256: str = ""
    # The kept original's bare name in the film's folder (empty once deleted)
    original_file: str = Field(default="", pattern=f"^({ORIGINAL_NAME.pattern})?$")
    proxy: ProxyFacts | None = None
    first_look: FirstLook | None = None  # until the review copy is ready
    first_look_wait: Annotated[str, Field(max_length=SHORT_TEXT_MAX * 3)] = ""  # why it cannot be watched yet

    @property
    def ready(self) -> bool:
        return self.status is FilmStatus.READY and self.proxy is not None

    @property
    def watchable(self) -> bool:
        """Ready, or watchable and markable on its first look while the review copy is made."""
        return self.ready or (self.in_hand and self.first_look is not None)

    @property
    def grid(self) -> ProxyFacts | None:
        """The frames clips are marked on: the review copy's, or, before it is made, the ones it will have."""
        if self.ready:
            return self.proxy
        return self.first_look.grid if self.watchable and self.first_look else None

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


MAX_LEAD_IN_MS = 5000
MAX_ZOOM = 3.0


class Spotlight(_Model):
    """A rectangle of the picture to zoom into (fractions of its width and height), e.g. the child's face."""

    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _inside_and_not_too_small(self) -> Spotlight:
        # Never more than MAX_ZOOM: a smaller rectangle grows to that size around its own centre.
        side = 1 / MAX_ZOOM
        w, h = max(self.w, side), max(self.h, side)
        cx, cy = self.x + self.w / 2, self.y + self.h / 2
        x = min(max(cx - w / 2, 0.0), 1 - w)
        y = min(max(cy - h / 2, 0.0), 1 - h)
        object.__setattr__(self, "x", round(x, 4))
        object.__setattr__(self, "y", round(y, 4))
        object.__setattr__(self, "w", round(w, 4))
        object.__setattr__(self, "h", round(h, 4))
        return self

    @property
    def zoom(self) -> float:
        return round(min(MAX_ZOOM, 1 / max(self.w, self.h)), 3)


class Clip(_Model):
    id: str = Field(default_factory=new_id)
    start_ms: int = Field(ge=0, title="Clip start")
    end_ms: int = Field(ge=0, title="Clip end")
    tags: list[str] = Field(default_factory=list, title="Tags")
    note: Note = Field(default="", title="Note")
    chosen: bool = Field(default=False, title="For the shared review")
    order: int | None = Field(default=None, ge=0)
    still_ms: int | None = Field(default=None, ge=0, title="Still")  # the freeze frame; None: the middle
    # What led up to the moment, played before it in the shared review; None: the workbench's setting.
    lead_in_ms: int | None = Field(default=None, ge=0, le=MAX_LEAD_IN_MS, title="Lead-in")
    spotlight: Spotlight | None = None
    goal_id: str | None = Field(default=None, max_length=40, title="Goal")  # the goal the moment speaks to
    # Why the on-device analysis suggested it, if the clip began as a suggestion ("": marked by hand).
    suggested: str = Field(default="", max_length=300, title="Suggested because")

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
