"""The audit log: who did what to which family, and when, as append-only, hash-chained JSON lines.

It records events, never content: no notes, no child names, only the
pseudonymous family code and, for administration, which account or setting
changed. Each line carries the keyed fingerprint (HMAC-SHA256, ``audit_seal``) of
itself and the line before it, so a line edited, removed or inserted afterwards
breaks the chain at that point, and ``verify`` says where; a signed anchor of the
log's length and last line shows lines cut from the end. Lines are appended under
a lock with one O_APPEND write and fsynced, so several processes never interleave
and a crash loses at most the line being written. Lines written before the key
(plain SHA-256, no ``v``) are still read, only ahead of every keyed line.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from ..core.config import data_root
from ..core.storages import make_dirs, private_lock
from . import audit_seal

AUDIT_FILE = "audit.jsonl"
GENESIS = "0" * 64  # the "previous line" of the first line
TAIL_BYTES = 64 * 1024


class AuditEvent(StrEnum):
    LOGIN = "login"
    LOGIN_FAILURE = "login failure"
    LOGOUT = "logout"
    VIEW_FAMILY = "view family"
    EXPORT = "export"
    ARCHIVE = "archive"
    RESTORE = "restore"
    ERASE = "erase"
    CONSENT_CHANGE = "consent change"
    ASSIGN = "assign family"
    ACCOUNT_CHANGE = "account change"
    SETTINGS_CHANGE = "settings change"
    SHARED_SCREEN = "shared screen"
    WRONG_PIN = "wrong PIN"
    SUPERVISION = "supervision"
    REMOTE_REVIEW = "remote review"


@dataclass(frozen=True)
class AuditEntry:
    at: str
    who: str
    what: str
    family: str = ""
    detail: str = ""  # for administration: which account or setting; never a note or a child's name
    prev: str = ""  # the previous line's hash
    hash: str = ""  # HMAC of this line's other fields, prev included: a changed line no longer matches it
    v: int = 1  # 2: keyed; 1: a line from before the key (plain SHA-256)
    line: int = 0  # its line number in the file (not stored)


@dataclass(frozen=True)
class Verification:
    lines: int
    broken_at: int | None = None  # the first line that is damaged or does not follow the one before
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_path(root: Path | None = None) -> Path:
    return (root or data_root()) / AUDIT_FILE


def _digest(entry: AuditEntry, root: Path | None = None) -> str:
    fields = {k: v for k, v in asdict(entry).items() if k not in ("hash", "line") and not (k == "v" and v == 1)}
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
    return audit_seal.sign(payload, root) if entry.v >= 2 else hashlib.sha256(payload).hexdigest()


def _last_hash(path: Path) -> str:
    last = _last_line(path)
    entry = _parse(last, 0) if last else None
    return entry.hash if entry and entry.hash else (hashlib.sha256(last).hexdigest() if last else GENESIS)


def _last_line(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - TAIL_BYTES))
            tail = handle.read()
    except FileNotFoundError:
        return None
    lines = tail.rstrip(b"\n").split(b"\n")
    return lines[-1] if lines and lines[-1] else None


def record(who: str, what: AuditEvent, family: str = "", root: Path | None = None, *, detail: str = "") -> AuditEntry:
    path = audit_path(root)
    make_dirs(path.parent)
    with private_lock(path.with_name(AUDIT_FILE + ".lock"), timeout=30):
        entry = AuditEntry(datetime.now(UTC).isoformat(timespec="seconds"), who[:80], AuditEvent(what).value,
                           family[:32], detail[:200], _last_hash(path), v=2)
        entry = replace(entry, hash=_digest(entry, root))
        stored = {k: v for k, v in asdict(entry).items() if k != "line"}
        line = (json.dumps(stored, ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            anchored = audit_seal.read_anchor(root)
        except (ValueError, KeyError, TypeError):
            anchored = None  # verify says so; the anchor is written afresh from the log as it is
        follows = anchored is not None and anchored[1] == entry.prev
        audit_seal.write_anchor(anchored[0] + 1 if follows and anchored else _count_lines(path), entry.hash, root)
    return entry


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _lines(root: Path | None) -> list[bytes]:
    try:
        return audit_path(root).read_bytes().split(b"\n")[:-1]  # the file ends with a newline
    except FileNotFoundError:
        return []


def _parse(raw: bytes, number: int) -> AuditEntry | None:
    try:
        fields = json.loads(raw)
        return AuditEntry(**{k: v for k, v in fields.items() if k != "line"}, line=number)
    except (ValueError, TypeError):
        return None


def verify(root: Path | None = None) -> Verification:
    """Walk the chain from the first line (the first that is damaged or does not follow breaks it), then hold
    the log against its anchor: a log shorter than the anchor says, or not ending where it did, was cut."""
    lines = _lines(root)
    previous, keyed = GENESIS, False
    for number, raw in enumerate(lines, start=1):
        entry = _parse(raw, number)
        if entry is None:
            return Verification(len(lines), number, "the line is damaged: it is not a log entry")
        if keyed and entry.v < 2:
            return Verification(len(lines), number, "an unsigned line after signed ones: it was written by hand")
        keyed = entry.v >= 2
        if not hmac.compare_digest(entry.hash, _digest(entry, root)):
            return Verification(len(lines), number, "the line was changed after it was written")
        if entry.prev != previous:
            return Verification(len(lines), number, "the line does not follow the one before it: a line was "
                                                    "removed or inserted just before it")
        previous = entry.hash
    try:
        anchored = audit_seal.read_anchor(root)
    except (ValueError, KeyError, TypeError) as error:
        return Verification(len(lines), len(lines), f"{error}: the log's length cannot be checked")
    if anchored is None:
        if keyed:
            return Verification(len(lines), len(lines), "the anchor of the log's length is missing")
        return Verification(len(lines))
    count, head = anchored
    if len(lines) < count:
        return Verification(len(lines), len(lines), f"the log ends after {len(lines)} lines, but had {count}: "
                                                    "lines were cut from its end")
    reached = _parse(lines[count - 1], count) if count else None
    if count and (reached is None or reached.hash != head):
        return Verification(len(lines), count, "the log does not reach the line it last ended with: it was "
                                               "rewritten")
    return Verification(len(lines))


def fingerprint(root: Path | None = None) -> str:
    """The log's length and last line in a few words: printed in summaries and records, shown to the
    administrator, so a log rewritten later (even by someone with the key) no longer matches what was printed."""
    lines = _lines(root)
    last = _parse(lines[-1], len(lines)) if lines else None
    return audit_seal.fingerprint(len(lines), last.hash if last else GENESIS)


def entries(root: Path | None = None, *, who: str = "", what: str = "", family: str = "") -> list[AuditEntry]:
    """The log, newest first, filtered by any of who, what and family; a damaged line shows as one, never hidden."""
    found = []
    lines = _lines(root)
    for number in range(len(lines), 0, -1):
        entry = _parse(lines[number - 1], number) or AuditEntry("", "", "damaged line", line=number)
        if (not who or who.casefold() in entry.who.casefold()) and (not what or entry.what == what) and (
                not family or family.upper() in entry.family):
            found.append(entry)
    return found
