"""Jobs whose consumer died (killed, out of memory, the machine restarted): tidy up, then try again or say why.

A running job writes a heartbeat at least every few seconds; one silent for
``STALLED_S`` is dead. Its half-made files are deleted, and it is queued again
once; a second death marks it failed with a sentence. A waiting job whose task
is no longer on the queue (the queue's file was lost) is queued again.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from huey import Huey

from ..errors import WorkbenchError
from ..media import ffmpeg
from ..media.library import FilmFiles
from ..media.preparing import CANCELLED, drop_film, set_status
from ..model import FilmStatus
from ..store import FamilyStore
from . import records
from .records import STALLED_S, Job, State, resubmit

GRACE_S = 30.0  # a job just submitted may not be on the queue yet
MAX_ATTEMPTS = 2
log = logging.getLogger(__name__)
GAVE_UP = ("Preparing the film stopped part-way twice (the computer may have restarted or run out of memory). "
           "Try again, or add a shorter film.")


def recover(huey: Huey, root: Path, now: float | None = None) -> list[str]:
    """Deal with every dead or lost job; returns the subjects it dealt with.

    Each record is read again just before acting on it, so a job that started or finished meanwhile is
    left alone; one bad record is logged and dropped, never allowed to stop the consumer.
    """
    now = time.time() if now is None else now
    pending = {task.id for task in huey.pending()}  # read before the records: a job picked up since is running
    dealt = []
    for listed in records.every(huey):
        job = records.find(huey, listed.subject)
        if job is None or job.task_id != listed.task_id:
            continue
        try:
            if FamilyStore(root).is_erased(job.code):
                records.forget(huey, job.subject)
            elif job.state == State.RUNNING and now - job.heartbeat > STALLED_S:
                _dead(huey, root, job)
                dealt.append(job.subject)
            elif (job.state == State.WAITING and now - job.queued_at > GRACE_S and job.task_id not in pending
                  and not huey.is_revoked(job.task_id)):
                _again(huey, root, job)
                dealt.append(job.subject)
        except Exception:  # a record from another version, a damaged store: logged, dropped, never fatal
            log.error("recovery dropped job %s (%s)", job.task_id, job.kind, exc_info=False)
            records.forget(huey, job.subject)
    return dealt


def _dead(huey: Huey, root: Path, job: Job) -> None:
    if job.kind == "film":
        store = FamilyStore(root)
        FilmFiles.of(store, job.code, job.args["film_id"]).remove_derived()
        if records.cancel_asked(huey, job.subject):  # the guider had asked to cancel: do as they asked
            try:
                drop_film(store, job.code, job.args["cycle"], job.args["film_id"], CANCELLED)
            finally:
                records.forget(huey, job.subject)
            return
    if job.attempts >= MAX_ATTEMPTS:
        _fail(huey, root, job)
    else:
        _again(huey, root, job)


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
        film_failed(root, job, GAVE_UP)
        records.forget(huey, job.subject)
        return
    job.state, job.problem = State.FAILED, "This stopped part-way twice. Please try again."
    records.save(huey, job)


def film_failed(root: Path, job: Job, problem: str) -> None:
    """Mark the job's film failed with ``problem``, if it is still the one waiting or being prepared."""
    store = FamilyStore(root)
    try:
        film = store.load(job.code).cycle(job.args["cycle"]).film_with(job.subject)
        if film is not None and film.in_hand:
            set_status(store, job.code, job.args["cycle"], job.subject, FilmStatus.FAILED, problem)
    except (WorkbenchError, ffmpeg.Cancelled):
        pass  # the family or the film is gone
