"""The VIG guider workbench: domain model, family store and media services, free of any UI."""

from .core.caseload import Caseload, FamilySummary
from .core.errors import FamilyExists, FamilyNotFound, InvalidInput, StoreBusy, StoreUnreadable, WorkbenchError
from .core.store import FamilyStore
from .core.validation import build
from .model import (
                     Carer,
                     CarerRole,
                     Child,
                     Clip,
                     ConcernKind,
                     Consent,
                     ConsentRole,
                     ConsentScope,
                     Cycle,
                     Family,
                     FamilyStatus,
                     Film,
                     Goal,
                     GoalCategory,
                     HelpingQuestion,
                     Rating,
                     ReferralConcern,
                     Reflection,
                     SharedReview,
)
from .running.worker import register as _register_jobs  # noqa: F401 - every job kind on every queue

__all__ = [
    "Caseload", "FamilySummary", "FamilyExists", "FamilyNotFound", "InvalidInput", "StoreBusy",
    "StoreUnreadable", "WorkbenchError", "Carer", "CarerRole", "Child", "Clip", "ConcernKind", "Consent",
    "ConsentRole", "ConsentScope", "Cycle", "Family", "FamilyStatus", "Film", "Goal", "GoalCategory",
    "HelpingQuestion", "Rating", "ReferralConcern", "Reflection", "SharedReview", "build", "FamilyStore",
]
