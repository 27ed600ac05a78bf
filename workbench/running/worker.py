"""The one catalogue of job kinds: each feature's kinds, and the periodic checks, registered on every queue.

The engine (``workbench.jobs``) knows no feature, and each feature declares its own kinds
beside its work; this module gathers them, and is imported by the package itself, so the
app, the consumer, a notebook and the tests all share one set of kinds.
"""

from __future__ import annotations

import time
from pathlib import Path

from huey import Huey, crontab

from ..care.retention import due_for_erasure
from ..core.store import FamilyStore
from ..cycle.documents import SUMMARY
from ..cycle.film_jobs import PREPARE
from ..cycle.reels import REVIEW_REEL, SIDE_BY_SIDE
from ..cycle.review_cuts import CUT_CLIPS
from ..cycle.suggestions import LOOK
from ..cycle.uploads import tidy_everywhere
from ..jobs.kinds import JobKind
from ..jobs.queue import add_catalogue
from ..jobs.records import RETENTION_KEY
from ..jobs.recovery import recover
from ..jobs.tasks import register_kinds
from ..supervision.training import BLUR, FACES
from ..supervision.training_reels import TRAINING_REEL

KINDS: list[JobKind] = [PREPARE, LOOK, CUT_CLIPS, REVIEW_REEL, SIDE_BY_SIDE, SUMMARY, FACES, BLUR, TRAINING_REEL]


def retention_check(huey: Huey, root: Path) -> list[str]:
    """List the families due for erasure, for the administrator's Retention page. It never erases."""
    due = [entry.code for entry in due_for_erasure(FamilyStore(root))]
    huey.storage.put_data(RETENTION_KEY, (f"{time.time()}|" + ",".join(due)).encode())
    return due


def register(huey: Huey, root: Path) -> None:
    """Register every kind of job, and the periodic checks, on ``huey``, bound to the data root at ``root``."""
    register_kinds(huey, root, KINDS)
    huey.periodic_task(crontab(minute="*"), name="recover")(lambda: recover(huey, root))
    huey.periodic_task(crontab(minute="7", hour="*"), name="retention_check")(lambda: retention_check(huey, root))
    huey.periodic_task(crontab(minute="37", hour="*"), name="tidy_uploads")(  # a day after, never more
        lambda: tidy_everywhere(FamilyStore(root)))


add_catalogue(register)
