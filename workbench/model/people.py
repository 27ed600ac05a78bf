"""Who the work is about and with: the child, the carers, and why the family was referred."""

from __future__ import annotations

from datetime import date
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



class ConcernKind(StrEnum):
    COMMUNICATION = "communication"
    BEHAVIOUR = "behaviour"
    STAYING_CALM = "staying calm"
    OTHER = "other"



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
