"""The model's ground: ids, times, the text types with their limits, and the strict base every model shares."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
)

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
