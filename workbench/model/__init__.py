"""The VIG domain model: a Family, its consents, helping question, goals and cycles.

Every type validates itself (``workbench.core.validation`` turns pydantic's errors
into sentences a guider can act on). A ``Family`` is one aggregate: it is
loaded, changed by free functions (``goals``, ``consent``, ``analysis``,
``review``) and saved as a whole by ``workbench.core.store``. One module a concern:
``base``, ``people``, ``consents``, ``goals``, ``films``, ``cycles``, ``sessions``, ``invitations``, ``family``.
"""

from .base import MAX_GOALS, NAME_MAX, NOTE_MAX, SHORT_TEXT_MAX, Name, Note, RatingValue, ShortText, new_id, utc_now
from .bookings import MAX_SESSIONS, BookedSession, SessionKind
from .consents import Consent, ConsentScope
from .cycles import Coding, CustomTag, Cycle, FinalReview, PromptAnswer, Reflection, SharedReview, SupervisionComment
from .family import Family, FamilyStatus
from .films import MAX_LEAD_IN_MS, MAX_ZOOM, Clip, Film, FilmFacts, FilmStatus, FirstLook, ProxyFacts, Spotlight
from .goals import Goal, GoalCategory, HelpingQuestion, Rating
from .invitations import MAX_INVITATIONS, MAX_WRONG_CODES, Invitation
from .people import Carer, CarerRole, Child, ConcernKind, ConsentRole, ReferralConcern
from .supervision import MAX_SUPERVISION_SESSIONS, SupervisionLog, SupervisionSession

__all__ = [
    "MAX_GOALS",
    "Coding",
    "MAX_SUPERVISION_SESSIONS",
    "SupervisionLog",
    "SupervisionSession",
    "NAME_MAX",
    "NOTE_MAX",
    "SHORT_TEXT_MAX",
    "Name",
    "Note",
    "RatingValue",
    "ShortText",
    "new_id",
    "utc_now",
    "CarerRole",
    "ConsentRole",
    "ConcernKind",
    "Child",
    "Carer",
    "ReferralConcern",
    "ConsentScope",
    "Consent",
    "GoalCategory",
    "HelpingQuestion",
    "Rating",
    "Goal",
    "FilmStatus",
    "FilmFacts",
    "ProxyFacts",
    "FirstLook",
    "Film",
    "Clip",
    "Spotlight",
    "MAX_LEAD_IN_MS",
    "MAX_ZOOM",
    "PromptAnswer",
    "Reflection",
    "SharedReview",
    "Cycle",
    "FinalReview",
    "CustomTag",
    "SupervisionComment",
    "BookedSession",
    "SessionKind",
    "MAX_SESSIONS",
    "FamilyStatus",
    "Family",
    "Invitation",
    "MAX_INVITATIONS",
    "MAX_WRONG_CODES",
]
