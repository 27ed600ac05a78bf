"""How the consumer runs a job of any kind: wrapped so that its job record follows it from waiting to done.

A task finds its record, marks it running, reports progress and a heartbeat at
most once a second, and polls for a cancel request. If the consumer stops it
part-way, the job is put back on the queue; if the consumer was killed outright,
``recovery`` notices the silent heartbeat. The kinds themselves are declared by the
features and registered through ``workbench.running.worker``: this engine imports none of them.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from huey import Huey

from ..core.errors import WorkbenchError
from ..core.store import FamilyStore
from ..media import ffmpeg, preparing
from . import records
from .kinds import JobKind, declare, kind_of
from .records import WRAPPERS, Job, State, resubmit

PROGRESS_EVERY_S = 1.0
HEARTBEAT_EVERY_S = 5.0
log = logging.getLogger(__name__)


class Tracker:
    """What a running task reports through: progress and heartbeat, and whether a cancel was asked for.

    A heartbeat also goes out every few seconds from a thread of its own, so a long silent step (a
    reel's clip exports, writing the summary, the proxy's final pass) never looks like a dead job.
    Nothing is written once the family is erased: a job finishing late leaves no record naming it.
    """

    def __init__(self, huey: Huey, root: Path, job: Job):
        self.huey, self.root, self.job = huey, root, job
        self._saved = self._checked = 0.0
        self._cancel = False
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._beat = threading.Thread(target=self._beating, daemon=True)

    def __enter__(self) -> Tracker:
        self._beat.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._beat.join(timeout=5)

    def _beating(self) -> None:
        while not self._done.wait(HEARTBEAT_EVERY_S):
            self.save()

    def save(self) -> None:
        with self._lock:
            if FamilyStore(self.root).is_erased(self.job.code):
                records.forget(self.huey, self.job.subject)
                return
            current = records.find(self.huey, self.job.subject)
            if current is None or current.task_id != self.job.task_id:
                return  # cancelled or superseded meanwhile: never bring a record back
            self.job.heartbeat = time.time()
            records.save(self.huey, self.job)

    def progress(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self._saved >= PROGRESS_EVERY_S:
            self._saved = now
            self.job.progress = round(max(0.0, min(1.0, fraction)), 3)
            self.save()

    def should_cancel(self) -> bool:
        now = time.monotonic()
        if not self._cancel and now - self._checked >= PROGRESS_EVERY_S:
            self._checked = now
            self._cancel = records.cancel_asked(self.huey, self.job.subject)
        return self._cancel


def _tracked(huey: Huey, root: Path, kind: JobKind) -> Callable[..., None]:
    name = kind.name

    def run(task=None) -> None:
        subject = records.subject_of(huey, task.id) if task is not None else None
        job = records.find(huey, subject) if subject else None
        if job is None or task is None or job.task_id != task.id or not job.live:
            return  # cancelled, erased, or superseded by a newer job for the same subject
        job.state, job.attempts, job.heartbeat = State.RUNNING, job.attempts + 1, time.time()
        records.save(huey, job)
        try:
            with Tracker(huey, root, job) as tracker:
                made = kind.work(tracker, code=job.code, **job.args)
            if kind.needs is not None and not _consent_stands(root, job.code, kind):
                if made:  # what it made, never the data root itself
                    Path(root / made).unlink(missing_ok=True)
                raise WorkbenchError("The consent this needs was withdrawn while it was being made; nothing was kept.")
        except (KeyboardInterrupt, SystemExit, preparing.Interrupted):
            if not FamilyStore(root).is_erased(job.code):
                job.attempts -= 1  # a clean stop is not a crash
                resubmit(huey, job)  # the consumer is stopping: the job waits for the next one
            raise
        except ffmpeg.Cancelled:
            records.forget(huey, job.subject)
            return
        except preparing.EncoderStopped:
            if job.attempts < 2:
                resubmit(huey, job)  # once, by itself: the film is not damaged
                return
            _finish(huey, root, job, State.FAILED, problem=preparing.STOPPED_TWICE)
            return
        except WorkbenchError as error:
            _finish(huey, root, job, State.FAILED, problem=error.message)
            return
        except Exception as error:  # a bug, not the film: logged for the administrator, one sentence for the guider
            # The task id and where it failed, never the message: it may hold a path with the family's code.
            log.error("job %s (%s) failed with %s at\n%s", name, task.id, type(error).__name__,
                      "".join(traceback.format_tb(error.__traceback__)))
            _finish(huey, root, job, State.FAILED, problem=preparing.failure_sentence(error))
            return
        _finish(huey, root, job, State.DONE, result=made)

    run.__name__ = name
    return run


def _consent_stands(root: Path, code: str, kind: JobKind) -> bool:
    try:
        return kind.needs is not None and FamilyStore(root).load(code).has_consent(kind.needs)
    except WorkbenchError:
        return False


def _finish(huey: Huey, root: Path, job: Job, state: str, result: str = "", problem: str = "") -> None:
    if FamilyStore(root).is_erased(job.code):
        records.forget(huey, job.subject)  # erased meanwhile: nothing may name the family again
        return
    current = records.find(huey, job.subject)
    if current is None or current.task_id != job.task_id:
        return  # cancelled, or superseded by a newer job for the same subject
    if kind_of(job).ended(root, job, state, problem):  # the feature keeps this outcome itself (a film's status)
        records.forget(huey, job.subject)
        return
    job.state, job.result, job.problem, job.progress = state, result, problem, 1.0 if state == State.DONE else 0.0
    records.save(huey, job)


def register_kinds(huey: Huey, root: Path, kinds: list[JobKind]) -> None:
    """Register each kind of job on ``huey``, each tracked through its job record."""
    declare(kinds)
    WRAPPERS[id(huey)] = {kind.name: huey.task(name=kind.name, context=True, priority=kind.priority)(
                              _tracked(huey, root, kind)) for kind in kinds}
