"""Inviting a carer to a shared review on their own device: the link, the code read on the phone, and its end.

The link carries a random token of 192 bits in its fragment (never sent in a request line, so never in a log
or a ``Referer``); the family keeps only its SHA-256. The link opens 15 minutes before the booked session and
closes at its end, for that review only. The six-digit code lives only in this server's memory, made afresh
for each process, and the guider reads it to the carer on the phone. Which family an invitation belongs to is
also kept only in memory, found once by reading the families when the first carer arrives.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from ..core.errors import InvalidInput, WorkbenchError
from ..core.store import FamilyStore
from ..core.validation import build
from ..model import MAX_INVITATIONS, ConsentScope, Family, Invitation, SessionKind
from ..trust.audit import AuditEvent, record
from .review import review_clips

EARLY = timedelta(minutes=15)  # the link opens this long before the session, for the carer to settle in
JOIN_PATH = "/join"
RESCAN_S = 60.0  # an unknown link makes the families be read again at most this often
_LOCK = threading.Lock()
_SCAN = threading.Lock()
_CODES: dict[str, str] = {}  # invitation id -> the code the guider reads out (this process only)
_WHERE: dict[str, tuple[str, str]] = {}  # token hash -> (family code, invitation id)
_BY_ID: dict[str, str] = {}  # invitation id -> family code
_scanned_at = 0.0


@dataclass(frozen=True)
class Made:
    """A new invitation, and the one thing the guider sends the carer: the link's secret part."""

    invitation: Invitation
    token: str

    def link(self, site: str) -> str:
        return f"{site.rstrip('/')}{JOIN_PATH}#{self.token}"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invite(store: FamilyStore, username: str, code: str, session_id: str, carer: str,
           now: datetime | None = None) -> Made:
    """A link for the carer to watch one booked shared review on their own device (the consent to it in force).

    A new link for the same session ends the one made before it."""
    now = (now or datetime.now()).replace(tzinfo=None)
    token = secrets.token_urlsafe(24)

    def change(family: Family) -> Invitation:
        if not family.has_consent(ConsentScope.REMOTE_REVIEW):
            raise InvalidInput("The carer has not consented to a shared review on their own device. Record that "
                               "consent on the Goals step first.")
        session = next((s for s in family.sessions if s.id == session_id), None)
        if session is None or session.kind is SessionKind.FILMING:
            raise InvalidInput("Choose a booked shared review: that session is no longer booked.")
        if session.ends_at <= now:
            raise InvalidInput("That session is over: book the next review, then invite the carer to it.")
        if carer not in [c.name for c in family.carers]:
            raise InvalidInput("Choose one of the family's carers.")
        cycle = family.cycles[-1].number  # a booked review is the current cycle's
        if not review_clips(family, cycle):
            raise InvalidInput("Choose the clips for the shared review first (Micro-analysis).")
        for old in family.invitations:
            if old.session_id == session_id and not old.ended:
                old.ended = "replaced"
        made = build(Invitation, cycle=cycle, session_id=session_id, carer=carer, token_hash=digest(token),
                     opens_at=session.starts_at - EARLY, closes_at=session.ends_at, made_by=username)
        kept = [i for i in family.invitations if not i.ended and i.closes_at > now]
        gone = [i for i in family.invitations if i not in kept]
        family.invitations = [*gone[-(MAX_INVITATIONS - len(kept) - 1):], *kept, made][-MAX_INVITATIONS:]
        return made

    made = store.update(code, change)
    with _LOCK:
        _WHERE[made.token_hash] = (code, made.id)
        _BY_ID[made.id] = code
    record(username, AuditEvent.REMOTE_REVIEW, code, store.root,
           detail=f"invitation made for the review at {made.opens_at + EARLY:%d %b %H:%M}")
    return Made(made, token)


def live(family: Family, now: datetime | None = None) -> list[Invitation]:
    """The family's invitations that have not ended or closed, soonest first."""
    now = (now or datetime.now()).replace(tzinfo=None)
    return sorted((i for i in family.invitations if not i.ended and i.closes_at > now), key=lambda i: i.opens_at)


def opened(invitation: Invitation, now: datetime | None = None) -> bool:
    """Whether the link is within its hours now."""
    return invitation.opens_at <= (now or datetime.now()).replace(tzinfo=None) < invitation.closes_at


def sessions_to_invite(family: Family, now: datetime | None = None) -> list:
    """The booked shared reviews not yet over, soonest first: what a carer can be invited to."""
    now = (now or datetime.now()).replace(tzinfo=None)
    return sorted((s for s in family.sessions if s.kind is not SessionKind.FILMING and s.ends_at > now),
                  key=lambda s: s.starts_at)


def status(invitation: Invitation, now: datetime | None = None) -> str:
    """Where the carer is with their link, in a sentence for the guider."""
    now = (now or datetime.now()).replace(tzinfo=None)
    if invitation.admitted:
        return "Joined on their device."
    if invitation.device_hash:
        tries = invitation.wrong_codes
        on = f"a {invitation.device_kind}" if invitation.device_kind else "a device"
        return f"Opened on {on}; waiting for the code" + (f" ({tries} wrong so far)." if tries else ".")
    if now < invitation.opens_at:
        return f"Opens at {invitation.opens_at:%H:%M} on {invitation.opens_at:%A} {invitation.opens_at.day} " \
               f"{invitation.opens_at:%B}."
    return "Not opened yet."


def site_of(url: str) -> str:
    """The address carers reach the app at, from the address the guider's browser is on."""
    parsed = urlsplit(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme in ("http", "https") and parsed.netloc else ""


def code_for(invitation_id: str) -> str:
    """The six-digit code for the carer, made on first need and kept only in this process."""
    with _LOCK:
        if invitation_id not in _CODES:
            _CODES[invitation_id] = f"{secrets.randbelow(10 ** 6):06d}"
        return _CODES[invitation_id]


def end(store: FamilyStore, username: str, code: str, invitation_id: str, why: str = "ended by the guider") -> None:
    """End an invitation for good: its link and its device open nothing more."""

    def change(family: Family) -> bool:
        for invitation in family.invitations:
            if invitation.id == invitation_id and not invitation.ended:
                invitation.ended = why
                return True
        return False

    if store.update(code, change):
        forget_code(invitation_id)
        record(username, AuditEvent.REMOTE_REVIEW, code, store.root, detail=f"invitation {why}")


def end_all(store: FamilyStore, code: str, why: str) -> None:
    """End every standing invitation of the family (a consent withdrawn)."""

    def change(family: Family) -> list[str]:
        ended = [i.id for i in family.invitations if not i.ended]
        for invitation in family.invitations:
            invitation.ended = invitation.ended or why
        return ended

    for invitation_id in store.update(code, change):
        forget_code(invitation_id)


def forget_code(invitation_id: str) -> None:
    with _LOCK:
        _CODES.pop(invitation_id, None)


def forget_family(code: str) -> None:
    """The family was erased: no link of theirs is known any more."""
    with _LOCK:
        for key in [k for k, (c, _) in _WHERE.items() if c == code]:
            _, invitation_id = _WHERE.pop(key)
            _CODES.pop(invitation_id, None)
        for invitation_id in [i for i, c in _BY_ID.items() if c == code]:
            del _BY_ID[invitation_id]


def find(store: FamilyStore, *, token: str = "", invitation_id: str = "") -> tuple[str, str] | None:
    """(family code, invitation id) of a link's token or an invitation's id; None if no family has it.

    A miss reads the families again, at most once a minute; a question asked while that reading runs (every
    carer's page asks at once after a restart) waits for it rather than being told the link is unknown."""
    key = digest(token) if token else ""
    for attempt in range(2):
        with _LOCK:
            if key and key in _WHERE:
                return _WHERE[key]
            if invitation_id and invitation_id in _BY_ID:
                return _BY_ID[invitation_id], invitation_id
        if attempt:
            return None
        _rescan(store)
    return None


def _rescan(store: FamilyStore) -> None:
    """Read every family's invitations into memory, unless they were read less than a minute ago."""
    global _scanned_at
    with _SCAN:  # one reading at a time; whoever waited for it then finds what it found
        if _scanned_at and time.monotonic() - _scanned_at < RESCAN_S:
            return
        found: dict[str, tuple[str, str]] = {}
        for code in store.codes():
            try:
                family = store.load(code)
            except WorkbenchError:
                continue
            for invitation in family.invitations:
                if not invitation.ended:
                    found[invitation.token_hash] = (code, invitation.id)
        with _LOCK:
            _WHERE.update(found)
            _BY_ID.update({i: c for c, i in found.values()})
        _scanned_at = time.monotonic()
