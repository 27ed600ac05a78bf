"""Retention and erasure: when a closed family's films are due to go, and removing every trace of a family.

The consent forms promise the films are erased about two months after the
end of involvement. ``due_for_erasure`` lists closed families past their
retention period; ``erase_family`` removes the family's folder (store,
original, proxy, clips, stills, filmstrip, summaries), its archives, and its
line in the caseload index, so nothing of it remains under the data root.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.caseload import forget
from ..core.codes import validate_family_code
from ..core.errors import FamilyNotFound, WorkbenchError
from ..core.settings import load_settings
from ..core.storages import TEMP_SUFFIX
from ..core.store import FamilyStore
from ..cycle import invitations, stage
from ..cycle.uploads import tidy_everywhere
from ..jobs import board
from ..model import FamilyStatus
from ..supervision import log as supervision
from .archive import ARCHIVES


@dataclass(frozen=True)
class DueForErasure:
    code: str
    closed_on: date
    due_on: date

    def is_due(self, today: date | None = None) -> bool:
        return self.due_on <= (today or date.today())


def tidy_data_root(store: FamilyStore) -> None:
    """At startup: finish interrupted erasures, drop interrupted imports and uploaded or made archives, and films
    whose upload was left for a day."""
    store.finish_erasures()
    _remove_leftovers(store, "*", older_than_s=0)
    tidy_everywhere(store)


def _made_for(name: str, prefix: str) -> bool:
    """Whether ``name`` is ``prefix`` then the random hex the app adds, and nothing of another code."""
    return re.match(r"[0-9a-f]{6,}(\.|$)", name[len(prefix):]) is not None


def _remove_leftovers(store: FamilyStore, code: str, older_than_s: float) -> None:
    """Imports staged for ``code`` ("*": any) and archives made for it, and uploads abandoned for a while."""
    now = time.time()
    archives = store.root / ARCHIVES
    patterns = [(store.families_dir, f".importing-{code}-*"), (archives, f"{code}-*.zip"),
                (archives, f".{code}-*{TEMP_SUFFIX}"), (archives, "incoming-*")]
    for folder, pattern in patterns:
        if not folder.exists():
            continue
        for leftover in folder.glob(pattern):
            if code != "*" and not _made_for(leftover.name, pattern.split("*")[0]):
                continue  # another family whose code starts with this one ("AB-1" when erasing "AB")
            abandoned = pattern != "incoming-*" or now - leftover.stat().st_mtime > older_than_s
            if abandoned and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif abandoned:
                leftover.unlink(missing_ok=True)


def retention_schedule(store: FamilyStore) -> list[DueForErasure]:
    """Every closed family with the day it falls due for erasure, soonest first (unreadable stores are skipped)."""
    store.finish_erasures()
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
    """Remove everything of the family under the data root, for good. Cannot be undone.

    Its film jobs are stopped first; then, under the family's lock, its folder goes and a
    marker stays that refuses any later save. Archives being made or imported, its line
    in the caseload index and its code in supervision logs go too.
    """
    code = validate_family_code(code)
    if not store.family_dir(code).exists():
        raise FamilyNotFound(code)
    board.cancel_family(store.root, code)  # its jobs stop, and delete what they were making, first
    try:
        erased = store.load(code)
    except WorkbenchError:
        erased = None  # unreadable: it is erased all the same, and its work cannot be counted
    store.erase(code)
    if erased is not None:
        supervision.keep_work(erased, store.root)  # the guider's count of cycles, with no trace of the family
    board.forget_family(store.root, code)
    stage.forget_family(code)  # no shared screen keeps showing it
    invitations.forget_family(code)  # nor a carer's own device
    _remove_leftovers(store, code, older_than_s=3600)
    forget(store, code)
    supervision.forget_family(code, store.root)  # its code leaves every supervision log too
