"""The one catalogue of job kinds: each feature's work, registered on the job engine for every queue.

The engine (``workbench.jobs``) knows no feature; this module knows them all, and is imported by the
package itself, so the app, the consumer, a notebook and the tests all share one set of kinds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from huey import Huey, crontab

from . import reels, suggestions, training, training_reels
from .documents import make_summary
from .errors import WorkbenchError
from .jobs.queue import add_catalogue
from .jobs.records import RETENTION_KEY
from .jobs.recovery import recover
from .jobs.tasks import Tracker, register_kinds
from .media import preparing
from .retention import due_for_erasure
from .store import FamilyStore

BACKGROUND = {"look": -1}  # looking for moments waits behind everything a guider is waiting for


def _relative(root: Path, made: Path) -> str:
    return str(made.relative_to(root))


def _work(root: Path) -> dict[str, Callable[..., str]]:
    """Each kind of job: what it does, given its tracker and arguments; returns what it made."""

    def film(tracker: Tracker, code: str, cycle: int, film_id: str) -> str:
        store = FamilyStore(root)
        preparing.prepare_film(store, code, cycle, film_id, tracker.progress, tracker.should_cancel)
        ready = store.load(code).cycle(cycle).film
        if ready is not None and ready.id == film_id:  # the cycle's film, not a supervision film: look for moments
            try:
                suggestions.queue_look(store, code, cycle)
            except WorkbenchError:
                pass  # no consent to look: the Micro-analysis step says so, and offers it once there is
        return ""

    def look(tracker: Tracker, code: str, cycle: int, film_id: str) -> str:
        made = suggestions.run_look(FamilyStore(root), code, cycle, film_id, tracker.progress, tracker.should_cancel)
        return _relative(root, made)

    def faces(tracker: Tracker, code: str, cycle: int, clip_id: str) -> str:
        made = training.find_faces(FamilyStore(root), code, cycle, clip_id, tracker.progress, tracker.should_cancel)
        return _relative(root, made)

    def blur(tracker: Tracker, code: str, cycle: int, clip_id: str, leave: int, who: str, sound: bool = False) -> str:
        made = training.make_blurred(FamilyStore(root), code, cycle, clip_id, leave, who, tracker.progress,
                                     tracker.should_cancel, sound=sound)
        return _relative(root, made)

    def reel(tracker: Tracker, code: str, cycle: int) -> str:
        return _relative(root, reels.review_reel(FamilyStore(root), code, cycle, tracker.progress))

    def pair(tracker: Tracker, code: str, left: list, right: list) -> str:
        made = reels.side_by_side(FamilyStore(root), code, (left[0], left[1]), (right[0], right[1]), tracker.progress)
        return _relative(root, made)

    def summary(tracker: Tracker, code: str) -> str:
        return _relative(root, make_summary(FamilyStore(root), code, tracker.progress))

    def blurreel(tracker: Tracker, code: str, cycle: int, who: str) -> str:
        return _relative(root, training_reels.training_reel(FamilyStore(root), code, cycle, who, tracker.progress))

    return {"film": film, "reel": reel, "pair": pair, "summary": summary, "look": look, "faces": faces, "blur": blur,
            "blurreel": blurreel}


def retention_check(huey: Huey, root: Path) -> list[str]:
    """List the families due for erasure, for the administrator's Retention page. It never erases."""
    due = [entry.code for entry in due_for_erasure(FamilyStore(root))]
    huey.storage.put_data(RETENTION_KEY, (f"{time.time()}|" + ",".join(due)).encode())
    return due


def register(huey: Huey, root: Path) -> None:
    """Register every kind of job, and the periodic checks, on ``huey``, bound to the data root at ``root``."""
    register_kinds(huey, root, _work(root), BACKGROUND)
    huey.periodic_task(crontab(minute="*"), name="recover")(lambda: recover(huey, root))
    huey.periodic_task(crontab(minute="7", hour="*"), name="retention_check")(lambda: retention_check(huey, root))


add_catalogue(register)
