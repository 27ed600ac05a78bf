"""A job that outlives its family's erasure, or its own cancel, never writes a record back."""

from __future__ import annotations

import time
from pathlib import Path

from workbench.care.retention import erase_family
from workbench.cycle.reels import REVIEW_REEL
from workbench.jobs import board, records, tasks
from workbench.jobs.queue import queue_for
from workbench.jobs.recovery import STALLED_S, recover

from ..conftest import make_family
from ..films import nothing_left_of


def running_reel(store) -> tuple[records.Job, tasks.Tracker]:
    store.create(make_family())
    job = board.submit(store.root, REVIEW_REEL, "reel-VIG-0001-1", "VIG-0001", cycle=1)  # no consumer: it stays put
    job.state = records.State.RUNNING
    records.save(queue_for(store.root), job)
    return job, tasks.Tracker(queue_for(store.root), store.root, job)


def test_a_late_progress_report_after_erasure_writes_nothing(store):
    job, tracker = running_reel(store)
    erase_family(store, "VIG-0001")
    assert records.every(queue_for(store.root)) == []
    tracker.progress(0.5)  # the reel was still composing, and reports in
    tasks._finish(queue_for(store.root), store.root, job, records.State.FAILED, problem="the folder was gone")
    assert records.every(queue_for(store.root)) == []
    nothing_left_of(store, "VIG-0001")


def test_a_cancelled_job_reporting_in_is_not_brought_back(store):
    job, tracker = running_reel(store)
    board.forget(store.root, job.subject)  # cancelled (or superseded) while it ran
    tracker.progress(0.5)
    tasks._finish(queue_for(store.root), store.root, job, records.State.DONE, result="x.mp4")
    assert records.find(queue_for(store.root), job.subject) is None


def test_a_long_silent_step_still_beats_and_is_not_taken_for_dead(store, monkeypatch):
    monkeypatch.setattr(tasks, "HEARTBEAT_EVERY_S", 0.05)
    job, tracker = running_reel(store)
    before = records.find(queue_for(store.root), job.subject).heartbeat
    with tracker:
        deadline = time.monotonic() + 30
        while records.find(queue_for(store.root), job.subject).heartbeat == before and time.monotonic() < deadline:
            time.sleep(0.01)  # a poll: the tracker's own thread writes the heartbeat
    assert records.find(queue_for(store.root), job.subject).heartbeat > before


def test_recovery_drops_a_record_it_cannot_read_and_carries_on(store):
    huey = queue_for(store.root)
    job, _ = running_reel(store)
    broken = records.Job(subject="film-x", kind="film", code="VIG-0001", task_id="t", args={},  # no film_id
                         state=records.State.RUNNING, heartbeat=time.time() - 10 * STALLED_S)
    records.save(huey, broken)
    recover(huey, Path(store.root), now=time.time() + 2 * STALLED_S)
    assert records.find(huey, "film-x") is None  # dropped, and the consumer did not stop
    assert records.find(huey, job.subject) is not None
