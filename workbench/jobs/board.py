"""The app's side of the queue: put a job on it, see where it stands, cancel it, and cancel a family's jobs."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from huey.constants import EmptyData

from ..model import ConsentScope
from . import records
from .kinds import JobKind, kind_of, kinds
from .queue import queue_for
from .records import RETENTION_KEY, STALLED_S, WRAPPERS, Job, State, resubmit


@dataclass(frozen=True)
class Standing:
    """Where a job stands: its record, and how many jobs are ahead of it while it waits."""

    job: Job
    ahead: int = 0
    alike_ahead: int = 0  # of those, how many are of its own kind (films ahead of a film)


def submit(root: Path, kind: JobKind, subject: str, code: str, **args) -> Job:
    """Queue a job for ``subject``; if one is already waiting or running for it, that one stands."""
    huey = queue_for(root)
    current = records.find(huey, subject)
    if current is not None and current.live:
        return current
    records.forget(huey, subject)
    assert kind.name in WRAPPERS[id(huey)], kind.name
    return resubmit(huey, Job(subject=subject, kind=kind.name, code=code, args=args))


def find(root: Path, subject: str) -> Job | None:
    return records.find(queue_for(root), subject)


def standing(root: Path, subject: str) -> Standing | None:
    """The job for ``subject`` and, while it waits, how many are ahead of it (running ones included)."""
    huey = queue_for(root)
    job = records.find(huey, subject)
    if job is None or job.state != State.WAITING:
        return None if job is None else Standing(job)
    now = time.time()
    jobs = {j.task_id: j for j in records.every(huey)}
    running = [j for j in jobs.values() if j.state == State.RUNNING and now - j.heartbeat <= STALLED_S]
    ahead: list[Job] = list(running)
    for task in huey.pending():
        if task.id == job.task_id:
            break
        if task.id in jobs:
            ahead.append(jobs[task.id])
    return Standing(job, len(ahead), sum(1 for j in ahead if j.kind == job.kind))


def cancel(root: Path, subject: str) -> Job | None:
    """Ask the job for ``subject`` to stop: a waiting one never starts, a running one stops at its next report.

    Returns the job as it stood, or None if there was none.
    """
    huey = queue_for(root)
    job = records.find(huey, subject)
    if job is None or not job.live:
        return job
    records.ask_to_cancel(huey, subject)
    if job.state == State.WAITING:  # never to start; if it is starting this instant, it sees the request
        huey.revoke_by_id(job.task_id, revoke_once=True)
        records.forget(huey, subject, keep_cancel=True)
    return job


def made(root: Path, job: Job) -> Path | None:
    """What a finished job made, if it is still there (a withdrawal of consent deletes copies)."""
    if job.state != State.DONE or not job.result:
        return None
    path = (root / job.result).resolve()
    return path if path.is_file() and path.is_relative_to(root.resolve()) else None


def consumer_running(root: Path, within_s: float = 30.0) -> bool:
    """Whether a consumer has said it is running in the last ``within_s`` seconds."""
    return time.time() - records.consumer_seen(queue_for(root)) <= within_s


def cancel_asked(root: Path, subject: str) -> bool:
    return records.cancel_asked(queue_for(root), subject)


def forget(root: Path, subject: str) -> None:
    records.forget(queue_for(root), subject)


def cancel_kinds(root: Path, code: str, these: tuple[JobKind, ...], cycle_number: int | None = None) -> None:
    """Cancel the family's jobs of these kinds (of one cycle, or all): their work no longer stands."""
    names = {kind.name for kind in these}
    for job in records.every(queue_for(root)):
        if job.code == code and job.kind in names and (cycle_number is None or job.args.get("cycle") == cycle_number):
            cancel(root, job.subject)


def cancel_needing(root: Path, code: str, scope: ConsentScope, cycle_number: int | None = None) -> None:
    """Cancel the family's jobs that need ``scope`` (of one cycle, or all), as that consent is withdrawn."""
    cancel_kinds(root, code, tuple(kind for kind in kinds() if kind.needs == scope), cycle_number)


def cancel_made_from_film(root: Path, code: str, cycle_number: int) -> None:
    """Cancel what was being worked out from the cycle's film (its moments, its faces), as the film goes."""
    cancel_kinds(root, code, tuple(kind for kind in kinds() if kind.made_from_film), cycle_number)


def cancel_family(root: Path, code: str, wait_s: float = 60.0) -> None:
    """Cancel every job of the family, and wait (up to ``wait_s``) for a film being prepared to stop writing.

    Called before an erasure; ``forget_family`` sweeps again after it, for anything that slipped in.
    """
    huey = queue_for(root)
    mine = [job for job in records.every(huey) if job.code == code]
    for job in mine:
        cancel(root, job.subject)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        running = [job for job in (records.find(huey, j.subject) for j in mine if kind_of(j).erasure_waits)
                   if job is not None and job.state == State.RUNNING and time.time() - job.heartbeat <= STALLED_S]
        if not running:
            break
        time.sleep(0.2)


def forget_family(root: Path, code: str) -> None:
    """After an erasure: no job record, cancel request or retention line names the family, even on disk."""
    huey = queue_for(root)
    for job in records.every(huey):
        if job.code == code:
            records.forget(huey, job.subject)
    listed = families_due(root)
    if listed and code in listed[1]:
        huey.storage.put_data(RETENTION_KEY, (f"{listed[0].timestamp()}|"
                                              + ",".join(c for c in listed[1] if c != code)).encode())
    records.scrub(huey)


def families_due(root: Path) -> tuple[datetime, list[str]] | None:
    """When the queue last listed the families due for erasure, and which; None if it has not yet."""
    raw = queue_for(root).storage.peek_data(RETENTION_KEY)
    if raw is EmptyData or not raw:
        return None
    when, _, codes = raw.decode().partition("|")
    return datetime.fromtimestamp(float(when), UTC), [c for c in codes.split(",") if c]
