"""A kind of job declared outside the engine: the engine runs it, and asks it, not its name, what an end means."""

from __future__ import annotations

from datetime import date

from workbench.care.consent import add_consent, withdraw_consent
from workbench.core.store import FamilyStore
from workbench.jobs import board, records
from workbench.jobs.kinds import JobKind, kind_of
from workbench.jobs.queue import queue_for
from workbench.jobs.tasks import register_kinds
from workbench.model import ConsentScope

from ..conftest import make_family

told: list[str] = []


def _copy(tracker, code: str, withdraw: bool) -> str:
    """A toy copy for the carer: written, then (as a carer might, mid-job) the consent to copies withdrawn."""
    made = tracker.root / f"{code}-copy.mp4"
    made.write_bytes(b"a copy")
    if withdraw:
        FamilyStore(tracker.root).update(code, lambda f: withdraw_consent(f, f.consents[0].id, date.today()))
    return made.name


def _fails(tracker, code: str) -> str:
    raise ValueError("a bug, not the film")


COPY = JobKind("toy-copy", _copy, needs=ConsentScope.CARER_COPIES)
KEPT = JobKind("toy-kept", _fails, kept_by_feature=frozenset({records.State.FAILED}),
               on_failed=lambda root, job, problem: told.append(problem))


def run_next(huey) -> None:
    """What the consumer does with the next task on the queue, in this process."""
    huey.execute(huey.dequeue())


def test_a_kind_declared_by_a_feature_runs_and_its_consent_is_asked_again_when_it_ends(store):
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["copies for the carer"]))
    huey = queue_for(store.root)
    register_kinds(huey, store.root, [COPY, KEPT])  # a queue of this test's own kinds: the engine needs no edit

    job = board.submit(store.root, COPY, "copy-1", "VIG-0001", withdraw=False)
    run_next(huey)
    done = board.find(store.root, job.subject)
    assert done.state == records.State.DONE and board.made(store.root, done) == store.root / "VIG-0001-copy.mp4"

    job = board.submit(store.root, COPY, "copy-2", "VIG-0001", withdraw=True)
    run_next(huey)
    failed = board.find(store.root, job.subject)
    assert failed.state == records.State.FAILED and "withdrawn" in failed.problem
    assert not (store.root / "VIG-0001-copy.mp4").exists()  # made, then deleted: the consent was gone


def test_an_end_the_feature_keeps_is_handed_to_it_and_the_record_goes(store):
    store.create(make_family())
    huey = queue_for(store.root)
    register_kinds(huey, store.root, [COPY, KEPT])
    told.clear()
    job = board.submit(store.root, KEPT, "kept-1", "VIG-0001")
    run_next(huey)
    assert board.find(store.root, job.subject) is None
    assert len(told) == 1 and "a bug" not in told[0]  # one sentence for the guider, never the bug's own words
    assert kind_of(records.Job(subject="x", kind="gone-in-a-later-version", code="VIG-0001")).work is not None
