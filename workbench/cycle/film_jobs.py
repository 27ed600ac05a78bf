"""Preparing a film as a kind of job: its work, and what its end, its death or an erasure means for the film."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import WorkbenchError
from ..core.store import FamilyStore
from ..jobs.kinds import JobKind
from ..jobs.records import Job, State
from ..jobs.tasks import Tracker
from ..media import ffmpeg, preparing
from ..media.library import FilmFiles
from ..model import FilmStatus
from . import suggestions

GAVE_UP = ("Preparing the film stopped part-way twice (the computer may have restarted or run out of memory). "
           "Try again, or add a shorter film.")


def _prepare(tracker: Tracker, code: str, cycle: int, film_id: str) -> str:
    store = FamilyStore(tracker.root)
    preparing.prepare_film(store, code, cycle, film_id, tracker.progress, tracker.should_cancel, first_look=True)
    ready = store.load(code).cycle(cycle).film
    if ready is not None and ready.id == film_id:  # the cycle's film, not a supervision film: look for moments
        try:
            suggestions.queue_look(store, code, cycle)
        except WorkbenchError:
            pass  # no consent to look: the Micro-analysis step says so, and offers it once there is
    return ""


def film_failed(root: Path, job: Job, problem: str) -> None:
    """Mark the job's film failed with ``problem``, if it is still the one waiting or being prepared."""
    store = FamilyStore(root)
    try:
        film = store.load(job.code).cycle(job.args["cycle"]).film_with(job.subject)
        if film is not None and film.in_hand:
            preparing.set_status(store, job.code, job.args["cycle"], job.subject, FilmStatus.FAILED, problem)
    except (WorkbenchError, ffmpeg.Cancelled):
        pass  # the family or the film is gone


def _dead(root: Path, job: Job, cancel_asked: bool) -> bool:
    """A consumer died preparing it: its half-made copies go; if the guider had asked to cancel, the film goes."""
    store = FamilyStore(root)
    FilmFiles.of(store, job.code, job.args["film_id"]).remove_derived()
    if cancel_asked:
        preparing.drop_film(store, job.code, job.args["cycle"], job.args["film_id"], preparing.CANCELLED)
    return cancel_asked


def _again(root: Path, job: Job) -> bool:
    try:
        preparing.set_status(FamilyStore(root), job.code, job.args["cycle"], job.args["film_id"], FilmStatus.WAITING)
    except (WorkbenchError, ffmpeg.Cancelled):
        return False  # the family or the film is gone
    return True


# A film's outcome is kept on the film itself (usually recorded already; not if it failed before preparing began).
PREPARE = JobKind("film", _prepare, kept_by_feature=frozenset({State.DONE, State.FAILED}), on_failed=film_failed,
                  on_dead=_dead, on_again=_again, gave_up=GAVE_UP, erasure_waits=True)
