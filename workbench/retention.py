"""Retention and erasure: when a closed family's films are due to go, and removing every trace of a family.

The consent forms promise the films are erased about two months after the
end of involvement. ``due_for_erasure`` lists closed families past their
retention period; ``erase_family`` removes the family's folder (store,
original, proxy, clips, stills, filmstrip, summaries), its archives, and its
line in the caseload index, so nothing of it remains under the data root.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, timedelta

from .caseload import INDEX_FILE, INDEX_VERSION
from .codes import validate_family_code
from .errors import FamilyNotFound
from .model import FamilyStatus
from .settings import load_settings
from .storages import atomic_write_json
from .store import FamilyStore

ARCHIVES = ".archives"


@dataclass(frozen=True)
class DueForErasure:
    code: str
    closed_on: date
    due_on: date

    def is_due(self, today: date | None = None) -> bool:
        return self.due_on <= (today or date.today())


def finish_interrupted_erasures(store: FamilyStore) -> None:
    """An erasure moves the family aside before deleting it; a crash may leave the moved folder. Finish it."""
    if store.families_dir.exists():
        for leftover in store.families_dir.glob(".erasing-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def retention_schedule(store: FamilyStore) -> list[DueForErasure]:
    """Every closed family with the day it falls due for erasure, soonest first (unreadable stores are skipped)."""
    finish_interrupted_erasures(store)
    days = load_settings(store.root).retention_days
    schedule = []
    for code in store.codes():
        try:
            family = store.load(code)
        except Exception:
            continue
        if family.status is FamilyStatus.CLOSED and family.closed_on is not None:
            schedule.append(DueForErasure(code, family.closed_on, family.closed_on + timedelta(days=days)))
    return sorted(schedule, key=lambda d: d.due_on)


def due_for_erasure(store: FamilyStore, today: date | None = None) -> list[DueForErasure]:
    """Closed families whose retention period has run out, oldest first."""
    return [entry for entry in retention_schedule(store) if entry.is_due(today)]


def erase_family(store: FamilyStore, code: str) -> None:
    """Remove everything of the family under the data root. Cannot be undone."""
    code = validate_family_code(code)
    folder = store.family_dir(code)
    if not folder.exists():
        raise FamilyNotFound(code)
    # Move the folder aside first, so a crash part-way can never leave a half-family that looks whole.
    finish_interrupted_erasures(store)
    doomed = store.families_dir / f".erasing-{code}"
    folder.rename(doomed)
    shutil.rmtree(doomed)
    archives = store.root / ARCHIVES
    for leftover in (archives / f"{code}.zip",):
        leftover.unlink(missing_ok=True)
    _forget_in_index(store, code)


def _forget_in_index(store: FamilyStore, code: str) -> None:
    path = store.root / INDEX_FILE
    try:
        document = json.loads(path.read_bytes())
        entries = document["entries"]
    except (OSError, ValueError, KeyError, TypeError):
        path.unlink(missing_ok=True)  # a cache we cannot read might still hold the family: drop it
        return
    if code in entries:
        del entries[code]
        atomic_write_json(path, {"version": INDEX_VERSION, "entries": entries})
