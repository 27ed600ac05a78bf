"""A kind of job, declared by the feature it belongs to: its name, its work, its priority and what must be undone.

The engine keeps no list of its own: the catalogue (``workbench.running.worker``) hands it the features'
kinds, and the engine asks a job's kind, never its name, what to do when the job ends, dies or is erased.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model import ConsentScope
from .records import Job, State

GAVE_UP = "This stopped part-way twice. Please try again."


@dataclass(frozen=True)
class JobKind:
    """One kind of job. Only ``name`` and ``work`` are needed; the rest say how it differs from a plain job."""

    name: str
    work: Callable[..., str]  # work(tracker, code=..., **args): what it made, relative to the data root, or ""
    priority: int = 0  # huey's: lower runs later
    needs: ConsentScope | None = None  # asked again once done: withdrawn meanwhile, what it made is deleted
    kept_by_feature: frozenset[str] = frozenset()  # end states the feature records itself: the job's record goes
    on_failed: Callable[[Path, Job, str], None] | None = None  # tell the feature why, when it keeps a failure
    on_dead: Callable[[Path, Job, bool], bool] | None = None  # tidy half-made files; True: nothing more to do
    on_again: Callable[[Path, Job], bool] | None = None  # before it is queued again; False: nothing left to do
    gave_up: str = GAVE_UP  # why, when it died twice
    made_from_film: bool = False  # removing the cycle's film cancels it
    erasure_waits: bool = False  # an erasure waits for a running one to stop writing

    def ended(self, root: Path, job: Job, state: str, problem: str) -> bool:
        """Hand an end state the feature keeps to the feature; True if it did (the record is then forgotten)."""
        if state not in self.kept_by_feature:
            return False
        if state == State.FAILED and self.on_failed is not None:
            self.on_failed(root, job, problem)
        return True


_KINDS: dict[str, JobKind] = {}


def declare(kinds: Iterable[JobKind]) -> None:
    """Make ``kinds`` known to the engine by name (the catalogue does this once, for every queue)."""
    for kind in kinds:
        assert _KINDS.get(kind.name, kind) == kind, f"two kinds of job are called {kind.name}"
        _KINDS[kind.name] = kind


def kind_of(job: Job) -> JobKind:
    """The kind of ``job``; a record from another version, of a kind no longer declared, is a plain job."""
    return _KINDS.get(job.kind) or JobKind(job.kind, work=lambda tracker, **args: "")


def kinds() -> list[JobKind]:
    return list(_KINDS.values())
