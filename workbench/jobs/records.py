"""What the queue knows of each job while it lives: its state, progress, heartbeat and cancel request.

Kept in the queue's own key-value store (SQLite beside the data, or Redis), never
in the family's record, so a progress save can never race a guider's edit or an
erasure. One subject (a film, one cycle's reel, a family's summary) has at most
one job at a time.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field

from huey import Huey
from huey.api import TaskWrapper
from huey.constants import EmptyData
from huey.storage import BaseSqlStorage

PREFIX = "job:"
CANCEL = "cancel:"
TASK = "task:"  # task id -> subject: the queue's messages carry no family code, only their own random id
RETENTION_KEY = "retention:due"
ALIVE = "consumer:alive"  # when a consumer last said it was running
ALIVE_EVERY_S = 5.0
STALLED_S = 45.0  # a running job silent this long is dead
WRAPPERS: dict[int, dict[str, TaskWrapper]] = {}  # each queue's tasks by name, filled by ``tasks.register``


class State:
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    """One job: what it is about, which family, and how far it has got."""

    subject: str  # a film's id, or "reel-<CODE>-<cycle>", "pair-<CODE>", "summary-<CODE>"
    kind: str  # the task's name
    code: str
    task_id: str = ""
    args: dict = field(default_factory=dict)  # the task's arguments, to run it again after a crash
    state: str = State.WAITING
    progress: float = 0.0
    heartbeat: float = 0.0  # wall-clock time of the last sign of life while running
    queued_at: float = field(default_factory=time.time)
    attempts: int = 0
    result: str = ""  # what it made, relative to the data root
    problem: str = ""  # why it failed, in one sentence

    @property
    def live(self) -> bool:
        return self.state in (State.WAITING, State.RUNNING)


def save(huey: Huey, job: Job) -> None:
    huey.storage.put_data(PREFIX + job.subject, json.dumps(asdict(job)).encode())


def _read(raw: object) -> Job | None:
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        return None  # EmptyData: no such record
    try:
        return Job(**json.loads(bytes(raw)))
    except (TypeError, ValueError):
        return None  # a record from another version: treated as gone


def find(huey: Huey, subject: str) -> Job | None:
    return _read(huey.storage.peek_data(PREFIX + subject))


def forget(huey: Huey, subject: str, keep_cancel: bool = False) -> None:
    """Drop the job's record; ``keep_cancel`` leaves its cancel request for a task that may be starting now."""
    job = find(huey, subject)
    if job is not None:
        huey.storage.delete_data(TASK + job.task_id)
    huey.storage.delete_data(PREFIX + subject)
    if not keep_cancel:
        huey.storage.delete_data(CANCEL + subject)


def every(huey: Huey) -> list[Job]:
    """Every job the queue knows of, oldest first."""
    jobs = [_read(value) for key, value in huey.storage.result_items().items() if str(key).startswith(PREFIX)]
    return sorted((job for job in jobs if job is not None), key=lambda job: job.queued_at)


def ask_to_cancel(huey: Huey, subject: str) -> None:
    huey.storage.put_data(CANCEL + subject, b"1")


def cancel_asked(huey: Huey, subject: str) -> bool:
    return huey.storage.has_data_for_key(CANCEL + subject)


def subject_of(huey: Huey, task_id: str) -> str | None:
    raw = huey.storage.peek_data(TASK + task_id)
    return None if raw is EmptyData or raw is None else bytes(raw).decode()


def resubmit(huey: Huey, job: Job) -> Job:
    """Queue ``job`` again from the start, under a new task id."""
    task = WRAPPERS[id(huey)][job.kind].s()  # no arguments: the record holds them, and is erased with the family
    if job.task_id:
        huey.storage.delete_data(TASK + job.task_id)
    job.task_id, job.state, job.progress, job.heartbeat = task.id, State.WAITING, 0.0, 0.0
    job.queued_at = time.time()
    save(huey, job)
    huey.storage.put_data(TASK + task.id, job.subject.encode())
    huey.enqueue(task)
    return job


def scrub(huey: Huey) -> None:
    """Make deleted records unreadable in the queue's own files (SQLite's log), after an erasure."""
    if isinstance(huey.storage, BaseSqlStorage):
        for _ in range(50):
            busy = huey.storage.sql("pragma wal_checkpoint(truncate)", results=True)
            if not busy or not busy[0][0]:
                return
            time.sleep(0.1)


def consumer_alive(huey: Huey) -> None:
    huey.storage.put_data(ALIVE, str(time.time()).encode())


def consumer_seen(huey: Huey) -> float:
    """When a consumer last said it was running (0 if never)."""
    raw = huey.storage.peek_data(ALIVE)
    return float(bytes(raw)) if isinstance(raw, (bytes, bytearray, memoryview)) else 0.0
