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

from ..core.store import FamilyStore
from . import records
from .kinds import kind_of
from .records import STALLED_S, Job, State, resubmit

GRACE_S = 30.0  # a job just submitted may not be on the queue yet
MAX_ATTEMPTS = 2
log = logging.getLogger(__name__)


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
    kind = kind_of(job)
    if kind.on_dead is not None and kind.on_dead(root, job, records.cancel_asked(huey, job.subject)):
        records.forget(huey, job.subject)  # the guider had asked to cancel it: done as they asked
        return
    if job.attempts >= MAX_ATTEMPTS:
        _fail(huey, root, job)
    else:
        _again(huey, root, job)


def _again(huey: Huey, root: Path, job: Job) -> None:
    again = kind_of(job).on_again
    if again is not None and not again(root, job):
        records.forget(huey, job.subject)  # what it was for is gone: nothing to do again
        return
    resubmit(huey, job)


def _fail(huey: Huey, root: Path, job: Job) -> None:
    kind = kind_of(job)
    if kind.ended(root, job, State.FAILED, kind.gave_up):
        records.forget(huey, job.subject)
        return
    job.state, job.problem = State.FAILED, kind.gave_up
    records.save(huey, job)
