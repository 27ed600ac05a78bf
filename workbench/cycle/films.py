"""A cycle's film as the pages ask for it: add, prepare on the queue, follow, cancel, retry, remove, and its files.

The service between the pages and the media engine: staging and preparing are
``workbench.media``'s work; recording the film on its cycle, and the job that
prepares it, are decided here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from ..core.errors import InvalidInput, WorkbenchError
from ..core.storages import atomic_write_bytes, make_dirs
from ..core.store import FamilyStore
from ..core.validation import build
from ..jobs import board
from ..jobs.records import State
from ..media import first_look
from ..media.library import VIDEO_SUFFIXES, FilmFiles, ReadyFilm
from ..media.library import ready_film as _ready_film
from ..media.library import watchable_film as _watchable_film
from ..media.preparing import CANCELLED, drop_film, set_status
from ..media.staging import StagedFilm, inbox, inbox_films, stage_file, stage_received, stage_upload
from ..model import ConsentScope, Family, Film, FilmFacts, FilmStatus
from . import exports, uploads
from .film_jobs import PREPARE

__all__ = ["FILM", "REVIEW_FILM", "VIDEO_SUFFIXES", "FilmFiles", "FilmSlot", "ReadyFilm", "StagedFilm", "add",
           "cancel", "chapters", "follow", "inbox", "inbox_films", "prepare", "ready_film", "record", "remove", "retry",
           "stage_file", "stage_upload", "stage_uploaded", "consent_for", "watchable_film"]

# A cycle holds two films: the film of the activity, and the recording of its shared review for supervision.
FilmSlot = Literal["film", "review_film"]
FILM: FilmSlot = "film"
REVIEW_FILM: FilmSlot = "review_film"
_CONSENT = {FILM: ConsentScope.FILMING, REVIEW_FILM: ConsentScope.REVIEW_FILMING}
_NAMED = {FILM: "film", REVIEW_FILM: "shared-review film"}
_CONSENT_NAMED = {FILM: "filming consent", REVIEW_FILM: "consent to filming the shared review for supervision"}


@dataclass(frozen=True)
class Preparing:
    """How a film on the queue is getting on, as the Film page shows it."""

    status: FilmStatus
    progress: float = 0.0
    ahead: int = 0  # jobs ahead of it, while it waits
    films_ahead: int = 0
    cancelling: bool = False


def consent_for(slot: FilmSlot) -> ConsentScope:
    """The consent a film in ``slot`` needs before it may be added."""
    return _CONSENT[slot]


def stage_uploaded(store: FamilyStore, code: str, username: str, upload_id: str) -> StagedFilm:
    """Stage a film the browser has finished sending (``workbench.cycle.uploads``), as any other film."""
    received, name = uploads.take(store, code, username, upload_id)
    return stage_received(store, code, received, name)


def ready_film(store: FamilyStore, family: Family, cycle_number: int, slot: FilmSlot = FILM) -> ReadyFilm:
    """The cycle's prepared film (its files and review-copy facts); InvalidInput while it is not ready."""
    return _ready_film(store, family, cycle_number, slot)


def watchable_film(store: FamilyStore, family: Family, cycle_number: int) -> ReadyFilm:
    """The cycle's film to watch and mark clips on: its review copy, or its first look while that is made."""
    return _watchable_film(store, family, cycle_number)


def add(store: FamilyStore, code: str, cycle_number: int, staged: StagedFilm, activity: str, filmed_on: date,
        slot: FilmSlot = FILM) -> Film:
    """Record the staged film on the cycle and queue its preparation."""
    film = record(store, code, cycle_number, staged, activity, filmed_on, slot)
    prepare(store, code, cycle_number, film.id)
    return film


def record(store: FamilyStore, code: str, cycle_number: int, staged: StagedFilm, activity: str,
           filmed_on: date, slot: FilmSlot = FILM) -> Film:
    """Record the staged film on the cycle, its original beside it, waiting to be prepared."""
    facts = staged.probe
    try:
        film = build(Film, activity=activity, filmed_on=filmed_on, original_name=staged.original_name,
                     original_sha256=staged.sha256, original_file="original" + staged.path.suffix,
                     facts=FilmFacts(duration_ms=facts.duration_ms, width=facts.width, height=facts.height,
                                     rotation=facts.rotation, fps=facts.fps,
                                     variable_frame_rate=facts.variable_frame_rate, interlaced=facts.interlaced,
                                     video_codec=facts.video_codec, audio_codec=facts.audio_codec,
                                     size_bytes=staged.size_bytes))
    except InvalidInput:
        staged.discard()
        raise
    look = first_look.judge(staged.path)  # a phone's MP4 is watched at once; a copy or a wait is the job's
    if look.how == "as_is":
        film.first_look = first_look.watch(film.original_file, film.facts)
    elif look.how == "wait":
        film.first_look_wait = look.why_not
    files = FilmFiles.of(store, code, film.id)

    def put(family: Family) -> None:
        if not family.has_consent(_CONSENT[slot]):
            raise InvalidInput(f"No {_CONSENT_NAMED[slot]} is recorded for this family, so no {_NAMED[slot]} can be "
                               "added. Record the consent on the Goals step first.")
        cycle = family.cycle(cycle_number)
        if getattr(cycle, slot) is not None:
            raise InvalidInput(f"Cycle {cycle_number} already has a {_NAMED[slot]}. Remove it first to add another.")
        make_dirs(files.folder)
        os.replace(staged.path, files.original(film.original_file))
        setattr(cycle, slot, film)
        setattr(cycle, f"{slot}_problem", "")

    try:
        store.update(code, put)
    except BaseException:
        staged.discard()
        files.remove()
        raise
    if staged.moved_from is not None:
        staged.moved_from.unlink(missing_ok=True)
    return film


def prepare(store: FamilyStore, code: str, cycle_number: int, film_id: str) -> None:
    """Put the film's preparation on the queue (once: a film already waiting or being prepared keeps its place)."""
    store.authorize(code)
    board.submit(store.root, PREPARE, film_id, code, cycle=cycle_number, film_id=film_id)


def follow(store: FamilyStore, family: Family, cycle_number: int, slot: FilmSlot = FILM) -> Preparing | None:
    """Where the cycle's film stands on the queue; None once it is ready, failed or gone."""
    film = getattr(family.cycle(cycle_number), slot)
    if film is None or not film.in_hand:
        return None
    standing = board.standing(store.root, film.id)
    if standing is None:  # no job: finished this instant, or its queue was lost; look again before queueing it
        film = getattr(store.load(family.code).cycle(cycle_number), slot)
        if film is None or not film.in_hand:
            return None
        try:
            prepare(store, family.code, cycle_number, film.id)
        except WorkbenchError:
            pass  # a reader (a supervisor) may not queue it; its guider's next look will
        return Preparing(FilmStatus.WAITING)
    job = standing.job
    return Preparing(FilmStatus.PREPARING if job.state == State.RUNNING else FilmStatus.WAITING, job.progress,
                     standing.ahead, standing.alike_ahead, cancelling=job.state == State.RUNNING and
                     board.cancel_asked(store.root, film.id))


def cancel(store: FamilyStore, code: str, cycle_number: int, slot: FilmSlot = FILM) -> None:
    """Stop preparing the cycle's film and remove it: at once while it waits, at its next report while it runs."""
    film = getattr(store.authorize(code).cycle(cycle_number), slot)
    if film is None or not film.in_hand:
        return
    job = board.cancel(store.root, film.id)
    if job is None or job.state == State.WAITING:
        drop_film(store, code, cycle_number, film.id, CANCELLED)


def retry(store: FamilyStore, code: str, cycle_number: int, slot: FilmSlot = FILM) -> None:
    """Prepare a failed film again from its kept original."""
    film = getattr(store.authorize(code).cycle(cycle_number), slot)
    if film is None or film.status is not FilmStatus.FAILED:
        return
    if not film.original_file:
        raise InvalidInput("The original of this film was not kept, so it cannot be tried again. "
                           "Remove it and add the film again.")
    set_status(store, code, cycle_number, film.id, FilmStatus.WAITING)
    prepare(store, code, cycle_number, film.id)


def remove(store: FamilyStore, code: str, cycle_number: int, slot: FilmSlot = FILM) -> None:
    """Delete the cycle's film, all its files and the clips marked (or coded) on it, stopping its job first."""
    film = getattr(store.authorize(code).cycle(cycle_number), slot)
    if film is None:
        return
    board.cancel(store.root, film.id)
    if slot == FILM:  # what was being worked out from it stops too: its moments, its faces, its training copies
        board.cancel_made_from_film(store.root, code, cycle_number)

    def forget(family: Family) -> None:
        cycle = family.cycle(cycle_number)
        setattr(cycle, slot, None)
        setattr(cycle, f"{slot}_problem", "")
        if slot == FILM:
            cycle.clips = []
        else:
            cycle.codings = []

    store.update(code, forget)
    FilmFiles.of(store, code, film.id).remove()


def chapters(store: FamilyStore, family: Family, cycle_number: int) -> Path | None:
    """The cycle's clips as WebVTT chapters beside its film (rewritten only when they change); None without clips."""
    cycle = family.cycle(cycle_number)
    if not cycle.clips or cycle.film is None:
        return None
    path = FilmFiles.of(store, family.code, cycle.film.id).folder / "chapters.vtt"
    text = exports.chapters_vtt(family, cycle).encode()
    if not path.exists() or path.read_bytes() != text:
        atomic_write_bytes(path, text)
    return path
