"""The audit log: who did what to which family, and when, as append-only JSON lines.

It records events, never content: no notes, no child names, only the
pseudonymous family code. Each entry is one short line written with a single
O_APPEND write and fsynced, so entries from several processes never mix and a
crash loses at most the entry being written.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from .config import data_root
from .storages import make_dirs

AUDIT_FILE = "audit.jsonl"


class AuditEvent(StrEnum):
    LOGIN = "login"
    LOGIN_FAILURE = "login failure"
    VIEW_FAMILY = "view family"
    EXPORT = "export"
    ARCHIVE = "archive"
    ERASE = "erase"
    CONSENT_CHANGE = "consent change"


@dataclass(frozen=True)
class AuditEntry:
    at: str
    who: str
    what: str
    family: str = ""


def audit_path(root: Path | None = None) -> Path:
    return (root or data_root()) / AUDIT_FILE


def record(who: str, what: AuditEvent, family: str = "", root: Path | None = None) -> AuditEntry:
    entry = AuditEntry(datetime.now(UTC).isoformat(timespec="seconds"), who[:80], AuditEvent(what).value,
                       family[:32])
    line = (json.dumps(entry.__dict__, ensure_ascii=False) + "\n").encode("utf-8")
    path = audit_path(root)
    make_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    return entry


def entries(root: Path | None = None, *, who: str = "", what: str = "", family: str = "") -> list[AuditEntry]:
    """The log, newest first, filtered by any of who, what and family (a damaged line is skipped)."""
    try:
        lines = audit_path(root).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    found = []
    for line in reversed(lines):
        try:
            entry = AuditEntry(**json.loads(line))
        except (ValueError, TypeError):
            continue
        if (not who or who.casefold() in entry.who.casefold()) and (not what or entry.what == what) and (
                not family or family.upper() in entry.family):
            found.append(entry)
    return found
