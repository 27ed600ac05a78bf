"""The supervision log: a supervisor records sessions with the guiders they supervise; each guider reflects.

One crash-safe JSON file per guider (``supervision/<guider>.json``) under a
lock. Only the guider and their supervisors read it; only a supervisor writes
sessions, and only the guider writes reflections and the reflective statement.
Families appear by code alone, and an erased family's code is taken out of
every log. Every read by a supervisor, and every change, is audited.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from ..core.caseload import Caseload
from ..core.config import SUPERVISION, data_root
from ..core.errors import FamilyNotFound, InvalidInput, WorkbenchError
from ..core.storages import atomic_write_bytes, atomic_write_json, make_dirs, private_lock
from ..core.store import FamilyStore
from ..core.validation import build, explain
from ..model import Family, SupervisionLog, SupervisionSession
from ..trust import audit
from ..trust.access import AccessDenied, can_view
from ..trust.accounts import Account, Role, load_accounts
from ..trust.audit import AuditEvent
from ..trust.pseudonyms import check_no_names
from .accreditation import Progress, completed_on, progress

FOLDER = SUPERVISION
T = TypeVar("T")
log = logging.getLogger(__name__)


def _path(guider: str, root: Path | None) -> Path:
    if guider not in load_accounts(root):  # only an account's own name ever becomes a file name
        raise InvalidInput("There is no such guider.")
    return (root or data_root()) / FOLDER / f"{guider}.json"


class RecordUnreadable(WorkbenchError):
    """A supervision log that exists but cannot be read; it is never overwritten."""

    def __init__(self) -> None:
        super().__init__("This supervision record could not be read: the file may be damaged. It has been left "
                         "untouched, so nothing more is lost; an administrator can put back the copy from the last "
                         "backup.")


def _load(path: Path, guider: str) -> SupervisionLog:
    if not path.exists() and not path.is_symlink():
        return SupervisionLog(guider=guider)
    try:
        if path.is_symlink() or not path.is_file():
            raise ValueError("not a plain file")  # a log is never followed elsewhere
        return SupervisionLog.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        raise RecordUnreadable() from None


def _read(guider: str, root: Path | None) -> SupervisionLog:
    return _load(_path(guider, root), guider)


def _change(guider: str, root: Path | None, change: Callable[[SupervisionLog], T], path: Path | None = None) -> T:
    path = path or _path(guider, root)
    make_dirs(path.parent)
    with private_lock(path.with_suffix(".lock"), timeout=15):
        log = _load(path, guider)  # a damaged log is refused, never overwritten
        result = change(log)
        try:
            checked = SupervisionLog.model_validate(log.model_dump())
        except ValidationError as error:  # past a limit (the 201st session, say): one plain sentence
            raise explain(error) from None
        atomic_write_json(path, checked.model_dump(mode="json"))
    return result


def supervises(account: Account, guider: str) -> bool:
    """A supervisor of ``guider``, and never of themself."""
    return account.has(Role.SUPERVISOR) and guider in account.supervises and guider != account.username


def may_read(account: Account, guider: str) -> bool:
    """The guider themself, or one of their supervisors; not an administrator, not another guider."""
    return (account.username == guider and account.has(Role.GUIDER)) or supervises(account, guider)


def read_log(account: Account, guider: str, root: Path | None = None, *, audited: bool = True) -> SupervisionLog:
    """The guider's log, for them or their supervisor; a supervisor's read is audited unless ``audited`` is off
    (the page audits once per sitting, as it does for a family)."""
    if not may_read(account, guider):
        raise AccessDenied("Only the guider and their supervisor can read a supervision record.")
    log = _read(guider, root)
    if audited and account.username != guider:
        audit.record(account.username, AuditEvent.SUPERVISION, root=root, detail=f"read {guider}'s record")
    return log


def guider_families(guider: str, root: Path | None = None) -> list[Family]:
    """The guider's own families as they stand (demo families left out): what accreditation counts."""
    store = FamilyStore(root)
    families = []
    for summary in Caseload(store).summaries():
        if summary.guider_account == guider and not summary.is_demo and summary.readable:
            try:
                families.append(store.load(summary.code))
            except FamilyNotFound:
                continue  # erased since the index was read
    return families


def standing(account: Account, guider: str, root: Path | None = None, *,
             audited: bool = True) -> tuple[SupervisionLog, Progress]:
    """The guider's log and their progress towards the stage they work on, counted from the store."""
    log = read_log(account, guider, root, audited=audited)
    return log, progress(guider_families(guider, root), guider, log.signed_off,
                         [(s.held_on, s.minutes) for s in log.sessions], erased=log.erased_work)


def log_session(supervisor: Account, guider: str, *, held_on: date, minutes: int, stage: int, families: list[str],
                notes: str, actions: str, signs_off_stage: bool = False, root: Path | None = None,
                today: date | None = None) -> SupervisionSession:
    """Record a session with ``guider``; the families discussed must be the guider's own, by code."""
    if not supervises(supervisor, guider):
        raise AccessDenied("Only the guider's supervisor can record their supervision sessions.")
    if held_on > (today or date.today()):
        raise InvalidInput("A session is recorded once it has taken place: its date cannot be in the future.")
    theirs = {s.code for s in Caseload(FamilyStore(root)).summaries() if s.guider_account == guider}
    strangers = [code for code in families if code.strip().upper() not in theirs]
    if strangers:
        raise InvalidInput(f"{', '.join(strangers[:3])} is not one of this guider's families.")
    # Checked against the families the supervisor may see: a refusal never tells them a name they may not know.
    check_no_names([notes, actions], [f for f in guider_families(guider, root) if can_view(supervisor, f)])
    session = build(SupervisionSession, held_on=held_on, supervisor=supervisor.username, minutes=minutes,
                    stage=stage, families=families, notes=notes, actions=actions, signs_off_stage=signs_off_stage)

    def add(log: SupervisionLog) -> SupervisionSession:
        if signs_off_stage and len(log.signed_off) >= 3:
            raise InvalidInput("All three stages are already signed off.")
        if signs_off_stage and stage != len(log.signed_off) + 1:
            raise InvalidInput(f"The guider is working on stage {len(log.signed_off) + 1}: only that stage can be "
                               "signed off.")
        log.sessions = sorted([*log.sessions, session], key=lambda s: (s.held_on, s.written_at))
        return session

    added = _change(guider, root, add)
    audit.record(supervisor.username, AuditEvent.SUPERVISION, root=root, detail=f"logged a session with {guider}")
    return added


def remove_session(supervisor: Account, guider: str, session_id: str, root: Path | None = None) -> None:
    """Take a session out of the log (a mistake, or a rectification): only by the supervisor who recorded it."""
    if not supervises(supervisor, guider):
        raise AccessDenied("Only the guider's supervisor can change their supervision sessions.")

    def drop(log: SupervisionLog) -> None:
        session = next((s for s in log.sessions if s.id == session_id), None)
        if session is None:
            raise InvalidInput("That session is no longer in the log.")
        if session.supervisor != supervisor.username:
            raise AccessDenied("Only the supervisor who recorded a session can take it out.")
        log.sessions = [s for s in log.sessions if s.id != session_id]

    _change(guider, root, drop)
    audit.record(supervisor.username, AuditEvent.SUPERVISION, root=root, detail=f"removed a session with {guider}")


def reflect(guider: Account, session_id: str, text: str, root: Path | None = None,
            today: date | None = None) -> SupervisionSession:
    """The guider's own reflection on one of their sessions (theirs alone to write)."""
    if not guider.has(Role.GUIDER):
        raise AccessDenied("Only the guider writes their reflection.")
    check_no_names([text], guider_families(guider.username, root))

    def write(log: SupervisionLog) -> SupervisionSession:
        for n, session in enumerate(log.sessions):
            if session.id == session_id:
                log.sessions[n] = build(SupervisionSession, **{**session.model_dump(), "reflection": text,
                                                                "reflected_on": today or date.today()})
                return log.sessions[n]
        raise InvalidInput("That session is no longer in the log.")

    return _change(guider.username, root, write)


def write_statement(guider: Account, text: str, root: Path | None = None) -> None:
    """The guider's reflective statement for the accreditation panel."""
    if not guider.has(Role.GUIDER):
        raise AccessDenied("Only the guider writes their reflective statement.")
    check_no_names([text], guider_families(guider.username, root))

    def write(log: SupervisionLog) -> None:
        log.statement = build(SupervisionLog, guider=log.guider, statement=text).statement

    _change(guider.username, root, write)


def keep_work(family: Family, root: Path | None = None) -> None:
    """Before a family is erased: the days of its written-up shared reviews go to its guider's log, with nothing
    that names it, so the guider's road to accreditation does not go backwards when retention erases it."""
    days = [d for d in map(completed_on, family.cycles) if d is not None]
    if family.is_demo or not days or family.guider_account not in load_accounts(root):
        return

    def keep(log: SupervisionLog) -> None:
        log.erased_work = [*log.erased_work, sorted(days)]

    try:
        _change(family.guider_account, root, keep)
    except WorkbenchError as error:  # a damaged log: the erasure itself goes on
        log.error("could not keep the erased family's count of cycles (%s)", type(error).__name__)


def forget_family(code: str, root: Path | None = None) -> None:
    """Take an erased family's code out of every supervision log: from the families discussed and from every
    word written. A damaged log is cleaned as text; nothing here can stop an erasure part-way."""
    folder = (root or data_root()) / FOLDER
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        if path.is_symlink() or not path.is_file():
            continue  # never read or written through a link: it is not a log this app wrote
        try:
            with private_lock(path.with_suffix(".lock"), timeout=15):
                raw = path.read_text(encoding="utf-8", errors="replace")
                try:
                    atomic_write_json(path, _scrub(json.loads(raw), code))
                except ValueError:  # not JSON any more: the code goes from the text as it stands
                    atomic_write_bytes(path, _code_in_text(code).sub(ERASED, raw).encode())
        except OSError as error:  # logged by type only: the message may hold the code
            log.error("could not clean a supervision log after an erasure (%s)", type(error).__name__)


ERASED = "an erased family"


def _code_in_text(code: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])", re.IGNORECASE)


def _scrub(value: object, code: str) -> object:
    """``value`` with the code dropped from lists of codes and replaced in every text."""
    if isinstance(value, dict):
        return {k: _scrub(v, code) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, code) for v in value if not (isinstance(v, str) and v.upper() == code.upper())]
    if isinstance(value, str):
        return _code_in_text(code).sub(ERASED, value)
    return value
