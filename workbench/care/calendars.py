"""Calendar files of booked sessions, made when fetched through a checked link: codes and times, never a name."""

from __future__ import annotations

from ..core.caseload import Caseload
from ..core.codes import validate_family_code
from ..core.errors import InvalidInput
from ..core.store import FamilyStore
from ..cycle.bookings import calendar_file
from ..trust.access import AccessDenied, can_edit, visible
from ..trust.accounts import Account, Role
from ..trust.downloads import Made, maker
from .agenda import own_sessions

MINE = "my-sessions"  # every session booked with the guider's own families
ONE = "session"  # one session: "CODE/session id"
ICS = "text/calendar"


@maker(MINE)
def _mine(account: Account, arg: str) -> Made:
    if not account.has(Role.GUIDER):
        return Made(calendar_file([], name="My VIG sessions"), ICS)
    summaries = visible(account, Caseload(FamilyStore()).summaries())
    return Made(calendar_file(own_sessions(summaries, account.username), name="My VIG sessions"), ICS,
                detail="calendar of the guider's sessions")


@maker(ONE)
def _one(account: Account, arg: str) -> Made:
    code, _, session_id = arg.partition("/")
    family = FamilyStore().load(validate_family_code(code))
    if not can_edit(account, family):
        raise AccessDenied("Only the family's guider takes its sessions away.")
    session = next((s for s in family.sessions if s.id == session_id), None)
    if session is None:
        raise InvalidInput("That session is no longer booked.")
    return Made(calendar_file([(family.code, session)]), ICS, family.code, detail="calendar of a session")
