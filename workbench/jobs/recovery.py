"""Jobs whose consumer died (killed, out of memory, the machine restarted): tidy up, then try again or say why.

A running job writes a heartbeat at least every few seconds; one silent for
``STALLED_S`` is dead. Its half-made files are deleted, and it is queued again
once; a second death marks it failed with a sentence. A waiting job whose task
is no longer on the queue (the queue's file was lost) is queued again.
"""

from __future__ import annotations

import time
from pathlib import Path

from huey import Huey

from ..errors import WorkbenchError
from ..media import ffmpeg
from ..media.library import FilmFiles
from ..media.preparing import set_status
from ..model import FilmStatus
from ..store import FamilyStore
from . import records
from .records import STALLED_S, Job, State, resubmit

GRACE_S = 30.0  # a job just submitted may not be on the queue yet
MAX_ATTEMPTS = 2
GAVE_UP = ("Preparing the film stopped part-way twice (the computer may have restarted or run out of memory). "
           "Try again, or add a shorter film.")


def recover(huey: Huey, root: Path, now: float | None = None) -> list[str]:
    """Deal with every dead or lost job; returns the subjects it dealt with."""
    now = time.time() if now is None else now
    pending: set[str] | None = None
    dealt = []
    for job in records.every(huey):
        if job.state == State.RUNNING and now - job.heartbeat > STALLED_S:
            if job.kind == "film":
                FilmFiles.of(FamilyStore(root), job.code, job.args["film_id"]).remove_derived()
            if job.attempts >= MAX_ATTEMPTS:
                _fail(huey, root, job)
            else:
                _again(huey, root, job)
            dealt.append(job.subject)
        elif job.state == State.WAITING and now - job.queued_at > GRACE_S:
            if pending is None:
                pending = {task.id for task in huey.pending()}
            if job.task_id not in pending and not huey.is_revoked(job.task_id):
                _again(huey, root, job)
                dealt.append(job.subject)
    return dealt


def _again(huey: Huey, root: Path, job: Job) -> None:
    if job.kind == "film":
        try:
            set_status(FamilyStore(root), job.code, job.args["cycle"], job.args["film_id"], FilmStatus.WAITING)
        except (WorkbenchError, ffmpeg.Cancelled):
            records.forget(huey, job.subject)  # the family or the film is gone: nothing to do again
            return
    resubmit(huey, job)


def _fail(huey: Huey, root: Path, job: Job) -> None:
    if job.kind == "film":
        try:
            set_status(FamilyStore(root), job.code, job.args["cycle"], job.args["film_id"], FilmStatus.FAILED,
                        GAVE_UP)
        except (WorkbenchError, ffmpeg.Cancelled):
            pass
        records.forget(huey, job.subject)
        return
    job.state, job.problem = State.FAILED, "This stopped part-way twice. Please try again."
    records.save(huey, job)
