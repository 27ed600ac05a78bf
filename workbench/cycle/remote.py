"""What a carer's own device may see of a shared review it was invited to, re-checked on every request.

Every request starts again from the invitation: not ended, within its hours, the consent in force, the family
still there, and the device the one that first opened the link (a cookie only that browser holds, kept by
the family only as a hash). Only then, and only once the carer has typed the code the guider read them, does
it see anything: the scene the guider's presenter view has put on the stage, and that review's own clips.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ..core.errors import WorkbenchError
from ..core.settings import load_settings
from ..core.store import FamilyStore
from ..model import MAX_WRONG_CODES, ConsentScope, Family, Invitation
from ..trust import links, sessions
from ..trust.access import can_edit
from ..trust.accounts import load_accounts
from ..trust.audit import AuditEvent, record
from . import clip_files, invitations, stage
from .films import ready_film
from .review import review_clips

ENDED, EARLY, CODE, WAITING, LIVE = "ended", "early", "code", "waiting", "live"
QUIET_S = 60.0  # a refusal of the same kind is written to the audit log at most once a minute
OVERRUN = timedelta(hours=1)  # a review under way may run over its booking; the guider's leaving ends it
_LOCK = threading.Lock()
_QUIETED: dict[tuple[str, str], float] = {}


@dataclass(frozen=True)
class CarerView:
    """What the carer's page shows now: a state, and only in ``LIVE`` anything of the review."""

    state: str
    first_name: str = ""
    opens_at: str = ""  # EARLY: when the link opens ("9:45 on Tuesday 8 December")
    tries_left: int = 0  # CODE: wrong codes still allowed
    scene: stage.Scene | None = None
    clips: list[dict] = field(default_factory=list)  # LIVE: the review's clips, to load ahead
    ratio: float = 16 / 9
    guider: str = ""  # LIVE: whose cue it follows (never sent to the device)

    @property
    def version(self) -> str:
        """What the device has seen: the state, and in LIVE the cue's version."""
        return f"{self.state}:{self.scene.version if self.scene else 0}"

    def data(self) -> dict:
        shown = {"state": self.state, "first_name": self.first_name, "opens_at": self.opens_at,
                 "tries_left": self.tries_left, "clips": self.clips, "ratio": round(self.ratio, 4)}
        scene = {k: v for k, v in self.scene.data().items() if k != "where"} if self.scene else None  # no names
        return {**shown, "scene": scene, "version": self.version}


@dataclass(frozen=True)
class Opened:
    view: CarerView
    device: str = ""  # the cookie to set on the device that has just been bound to the link
    closes: datetime | None = None  # when that cookie is of no more use


@dataclass(frozen=True)
class Visit:
    """Who asks: the device's cookie, its address (audited), and a rough kind of device."""

    device: str = ""
    address: str = ""
    kind: str = ""
    session_alive: object = None  # the server's check that a Streamlit session still exists


ENDED_VIEW = CarerView(ENDED)


def open_link(store: FamilyStore, token: str, visit: Visit, now: datetime | None = None) -> Opened:
    """The carer has opened their link: the first device to do so is bound to it; any other is refused."""
    now = _now(now)
    if not token:  # the page again, on the device already bound (its address no longer holds the secret)
        return Opened(view(store, visit, now))
    found = invitations.find(store, token=token)
    if found is None:
        return Opened(ENDED_VIEW)
    code, invitation_id = found
    try:  # a read first: a refused or repeated open never rewrites the family's file
        held = _standing(store.load(code), invitation_id, now)
    except WorkbenchError:
        return Opened(ENDED_VIEW)
    if held is None or (held.device_hash and not _is_device(held, visit.device)):
        _quiet(store, code, invitation_id, f"refused, {'after the end' if held is None else 'another device'}",
               visit)
        return Opened(ENDED_VIEW)
    if now < held.opens_at:
        return Opened(CarerView(EARLY, opens_at=_when(held.opens_at)))  # too early: nothing is bound yet
    if held.device_hash:
        return Opened(view(store, visit, now))
    secret = secrets.token_urlsafe(32)

    def bind(family: Family) -> Invitation | None:
        invitation = _standing(family, invitation_id, now)
        if invitation is None or invitation.device_hash:  # another device was first, a moment ago
            return None
        invitation.device_hash, invitation.device_kind = invitations.digest(secret), visit.kind
        return invitation

    bound = store.update(code, bind)
    if bound is None:
        _quiet(store, code, invitation_id, "refused, another device", visit)
        return Opened(ENDED_VIEW)
    _audit(store, code, invitation_id, f"link opened; device bound ({_from(visit)})")
    return Opened(_code_view(bound), f"{invitation_id}.{secret}", bound.closes_at)


def view(store: FamilyStore, visit: Visit, now: datetime | None = None) -> CarerView:
    """What the bound device may see now."""
    found = _held(store, visit, _now(now))
    if found is None:
        return ENDED_VIEW
    family, invitation = found
    if not invitation.admitted:
        return _code_view(invitation)
    return _review_view(store, family, invitation, visit, _now(now))


def enter_code(store: FamilyStore, visit: Visit, typed: str, now: datetime | None = None) -> CarerView:
    """The code the carer typed: the right one admits the device; the fifth wrong one ends the link."""
    now = _now(now)
    found = _held(store, visit, now)
    if found is None:
        return ENDED_VIEW
    family, invitation = found
    if invitation.admitted:
        return view(store, visit, now)
    right = hmac.compare_digest(invitations.code_for(invitation.id).encode(), typed.strip()[:12].encode())

    def change(family: Family) -> Invitation | None:
        held = _standing(family, invitation.id, now)
        if held is None or not _is_device(held, visit.device):
            return None
        if right:
            held.admitted = True
        else:
            held.wrong_codes += 1
            if held.wrong_codes >= MAX_WRONG_CODES:
                held.ended = f"{MAX_WRONG_CODES} wrong codes"
        return held

    held = store.update(family.code, change)
    if held is None:
        return ENDED_VIEW
    if right:
        _audit(store, family.code, held.id, f"code accepted; carer joined ({_from(visit)})")
        return view(store, visit, now)
    _audit(store, family.code, held.id, f"wrong code {held.wrong_codes} of {MAX_WRONG_CODES} ({_from(visit)})")
    if held.ended:
        invitations.forget_code(held.id)
        _audit(store, family.code, held.id, f"link ended after {MAX_WRONG_CODES} wrong codes")
        return ENDED_VIEW
    return _code_view(held)


def clip_file(store: FamilyStore, visit: Visit, clip_id: str, lighter: bool, now: datetime | None = None) -> Path:
    """One of the review's own clips (lead-in to end, never the whole film), only while the review is live."""
    found = _held(store, visit, _now(now))
    if found is None:
        raise links.LinkRefused("not held")
    family, invitation = found
    if not invitation.admitted or _review_view(store, family, invitation, visit, _now(now)).state != LIVE:
        raise links.LinkRefused("not live")
    clip = next((c for c in review_clips(family, invitation.cycle) if c.id == clip_id), None)
    if clip is None:
        raise links.LinkRefused("not this review's clip")
    start, end = stage.cut_span(clip, load_settings(store.root).lead_in_s)
    film = ready_film(store, family, invitation.cycle)
    return clip_files.light(film, start, end) if lighter else clip_files.export(film, start, end)


def leave(store: FamilyStore, visit: Visit) -> None:
    """The carer's page was closed (its last word, sent as it went)."""
    found = _held(store, visit, _now(None))
    if found is not None:
        _quiet(store, found[0].code, found[1].id, "carer's page closed", visit)


def _review_view(store: FamilyStore, family: Family, invitation: Invitation, visit: Visit, now: datetime
                 ) -> CarerView:
    """LIVE with the guider's scene while their presenter view of this review is open and signed in; WAITING
    before that, or while they are away; ENDED (for good) once the review the carer watched has closed."""
    account = load_accounts(store.root).get(invitation.made_by)
    lock = account.shared_screen if account else None
    this_review = (lock is not None and lock.family == family.code and lock.cycle == invitation.cycle
                   and lock.screens == 2 and account is not None and can_edit(account, family))
    if invitation.started and (not this_review or stage.review_of(lock) != invitation.started):
        invitations.end(store, invitation.made_by, family.code, invitation.id, "ended with the review")
        return ENDED_VIEW
    if lock is None or not this_review or not sessions.holds(lock.presenter, invitation.made_by,
                                                             visit.session_alive):
        return CarerView(WAITING, first_name=invitation.first_name)
    if not invitation.started:
        store.update(family.code, lambda f: _start(f, invitation.id, stage.review_of(lock)))
    cue = stage.cue(invitation.made_by, family.code, invitation.cycle)
    lead_in_s = load_settings(store.root).lead_in_s  # once a view: the held question asks every second
    shown = stage.scene(family, cue, lead_in_s)
    try:
        film = ready_film(store, family, invitation.cycle)
    except WorkbenchError:
        shown = None
    if shown is None:
        return CarerView(WAITING, first_name=invitation.first_name)
    clips = []
    for clip in review_clips(family, invitation.cycle):
        start, end = stage.cut_span(clip, lead_in_s)
        clips.append({"id": clip.id, "seconds": round((end - start) / 1000, 3)})
    return CarerView(LIVE, first_name=invitation.first_name, scene=shown, clips=clips,
                     ratio=film.proxy.width / film.proxy.height, guider=invitation.made_by)


def _start(family: Family, invitation_id: str, review: str) -> None:
    for invitation in family.invitations:
        if invitation.id == invitation_id and not invitation.started:
            invitation.started = review


def _held(store: FamilyStore, visit: Visit, now: datetime) -> tuple[Family, Invitation] | None:
    """The family and standing invitation the device's cookie names, if this is that device."""
    invitation_id, _, secret = visit.device.partition(".")
    found = invitations.find(store, invitation_id=invitation_id) if invitation_id and secret else None
    if found is None:
        return None
    code = found[0]
    try:
        family = store.load(code)
    except WorkbenchError:
        return None
    invitation = _standing(family, invitation_id, now)
    if invitation is None or not _is_device(invitation, visit.device):
        _quiet(store, code, invitation_id, f"refused, {'after the end' if invitation is None else 'another device'}",
               visit)
        return None
    return family, invitation


def _standing(family: Family, invitation_id: str, now: datetime) -> Invitation | None:
    """The invitation if it still stands: not ended, not past its session, the consent to it still in force."""
    invitation = next((i for i in family.invitations if i.id == invitation_id), None)
    overrun = OVERRUN if invitation is not None and invitation.started else timedelta(0)
    if invitation is None or invitation.ended or now >= invitation.closes_at + overrun:
        return None
    if not family.has_consent(ConsentScope.REMOTE_REVIEW):
        return None
    return invitation


def _is_device(invitation: Invitation, device: str) -> bool:
    _, _, secret = device.partition(".")
    return bool(secret and invitation.device_hash) and hmac.compare_digest(invitations.digest(secret),
                                                                           invitation.device_hash)


def _code_view(invitation: Invitation) -> CarerView:
    return CarerView(CODE, tries_left=MAX_WRONG_CODES - invitation.wrong_codes)  # no name before the code


def _quiet(store: FamilyStore, code: str, invitation_id: str, what: str, visit: Visit) -> None:
    """Audit ``what`` at most once a minute for an invitation: a device repeating it cannot flood the log."""
    key, moment = (invitation_id, what), time.monotonic()
    with _LOCK:
        if moment - _QUIETED.get(key, -QUIET_S) < QUIET_S:
            return
        _QUIETED[key] = moment
    _audit(store, code, invitation_id, f"{what} ({_from(visit)})")


def _audit(store: FamilyStore, code: str, invitation_id: str, detail: str) -> None:
    try:
        record(f"carer:{invitation_id}", AuditEvent.REMOTE_REVIEW, code, store.root, detail=detail)
    except OSError:
        pass  # a full disk must not stop a refusal; the write-up records the session


def _from(visit: Visit) -> str:
    return f"{visit.address or 'unknown address'}, {visit.kind or 'unknown device'}"


def _when(moment: datetime) -> str:
    return f"{moment:%H:%M} on {moment:%A} {moment.day} {moment:%B}"


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now()).replace(tzinfo=None)
