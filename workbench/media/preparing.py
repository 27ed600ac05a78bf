"""Preparing a recorded film for review: one ffmpeg pass makes the proxy and filmstrip, or one sentence says why not.

It runs as a job on the queue (``workbench.jobs``), which passes in how to
report progress and whether the guider asked to cancel. However it ends, nothing
half-made stays on disk: a failure keeps the whole original for another try, a
cancel removes the film, and an interrupted job is put back to wait its turn.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable

from ..core.errors import FilmRejected, StorageFull, WorkbenchError
from ..core.store import FamilyStore
from ..model import Family, Film, FilmStatus, ProxyFacts
from . import ffmpeg, first_look
from .library import FilmFiles
from .probe import probe
from .proxy import THUMBNAIL_EVERY_S, make_proxy

CANCELLED = "Preparing the film was cancelled; nothing was kept. Add it again when you are ready."


class Interrupted(Exception):
    """The job was stopped part-way (the consumer shut down); the film waits to be prepared again."""


class EncoderStopped(Exception):
    """ffmpeg was killed from outside (the out-of-memory killer, most often), not stopped by the film: the film
    is not damaged; it waits, and is tried again once by itself."""


STOPPED_TWICE = ("Preparing this film was interrupted twice: the computer may be short of memory. Close other "
                 "programs, then press Try again.")


def failure_sentence(error: BaseException) -> str:
    """Why a film could not be prepared, in one sentence a guider can act on."""
    if isinstance(error, WorkbenchError):
        return error.message
    if isinstance(error, ffmpeg.Cancelled):
        return CANCELLED
    if isinstance(error, ffmpeg.FfmpegFailed):
        if "No space left" in error.log:
            return StorageFull("the review copy of the film").message
        if "Decoder" in error.log and "not found" in error.log:
            return ("This film uses a format the workbench cannot read. Export it from the camera's software "
                    "as an MP4 (H.264) file and add that.")
        return ("This film could not be converted for review; the file may be damaged part-way through. "
                "Copy it from the camera again and add the new copy.")
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull("the review copy of the film").message
    return f"Preparing the film failed unexpectedly ({type(error).__name__}). Try again, or add the film again."


def _film(family: Family, cycle_number: int, film_id: str) -> Film:
    film = family.cycle(cycle_number).film_with(film_id)  # the cycle's film, or its shared-review film
    if film is None:
        raise ffmpeg.Cancelled()  # the film was removed meanwhile
    return film


def set_status(store: FamilyStore, code: str, cycle_number: int, film_id: str, status: FilmStatus,
                problem: str = "") -> None:
    def change(family: Family) -> None:
        film = _film(family, cycle_number, film_id)
        film.status = status
        film.problem = problem
        if status is FilmStatus.FAILED:  # a film that cannot be prepared is not watched either
            _let_go_of_first_look(FilmFiles.of(store, code, film_id), film)

    store.update(code, change)


def _let_go_of_first_look(files: FilmFiles, film: Film) -> None:
    """The review copy replaces the first look: a stream copy made for it goes; a kept original stays."""
    if film.first_look is not None and film.first_look.file != film.original_file:
        files.first_look(film.first_look.file).unlink(missing_ok=True)
    film.first_look = None


def offer_first_look(store: FamilyStore, code: str, cycle_number: int, film_id: str,
                     should_cancel: Callable[[], bool] | None = None) -> None:
    """Make the film watchable before its review copy: as it is, by a quick stream copy, or not (saying why).

    The job does this before the review copy's long pass; a film prepared at once (the demo's, a test's) has no
    need of it."""
    film = _film(store.load(code), cycle_number, film_id)
    if film.ready or film.first_look is not None or film.first_look_wait or not film.original_file:
        return  # decided already (as the film was recorded, or before an interruption), or nothing to look at
    files = FilmFiles.of(store, code, film_id)
    original = files.original(film.original_file)
    try:
        look = first_look.judge(original)
    except FilmRejected:
        return  # damaged since it was staged: the review copy's own pass says so
    made, why_not = "", look.why_not
    if look.how == "as_is":
        made = film.original_file
    elif look.how == "copy":
        try:
            made = first_look.make_copy(original, files.folder / f"first-look{look.suffix}", look,
                                        film.facts.duration_ms, should_cancel=should_cancel).name
        except ffmpeg.FfmpegFailed:  # an odd file: the review copy's own pass says what is wrong, if anything
            why_not = f"This film could not be copied for watching at once. {first_look.LATER}"

    def record(family: Family) -> None:
        current = _film(family, cycle_number, film_id)
        if made:
            current.first_look = first_look.watch(made, current.facts)
        else:
            current.first_look_wait = why_not

    store.update(code, record)


def drop_film(store: FamilyStore, code: str, cycle_number: int, film_id: str, sentence: str) -> None:
    """Remove every file of the film and its record, keeping only the sentence that says why."""
    FilmFiles.of(store, code, film_id).remove()
    if not store.exists(code):
        return  # the family was erased meanwhile: there is nothing left to record the reason in

    def forget(family: Family) -> None:
        cycle = family.cycle(cycle_number)
        for slot in ("film", "review_film"):
            film = getattr(cycle, slot)
            if film is not None and film.id == film_id:
                setattr(cycle, slot, None)
                name = film.original_name
                setattr(cycle, f"{slot}_problem", f"{name}: {sentence}" if name else sentence)

    store.update(code, forget)


def _settle(store: FamilyStore, code: str, cycle_number: int, film_id: str, error: BaseException) -> None:
    """Leave the film in a clear state after ``error``; its half-made files are already gone."""
    if not store.exists(code):
        FilmFiles.of(store, code, film_id).remove()
        return
    try:
        if isinstance(error, ffmpeg.Cancelled):
            drop_film(store, code, cycle_number, film_id, CANCELLED)
        elif isinstance(error, (KeyboardInterrupt, SystemExit, Interrupted, EncoderStopped)):
            set_status(store, code, cycle_number, film_id, FilmStatus.WAITING)
        else:
            set_status(store, code, cycle_number, film_id, FilmStatus.FAILED, failure_sentence(error))
    except (ffmpeg.Cancelled, WorkbenchError):
        pass  # removed or erased meanwhile: nothing is left to settle


def prepare_film(store: FamilyStore, code: str, cycle_number: int, film_id: str,
                 on_progress: Callable[[float], None] | None = None,
                 should_cancel: Callable[[], bool] | None = None, *, first_look: bool = False) -> Film:
    """Make the proxy and filmstrip of a recorded film and mark it ready; with ``first_look`` (the job's way),
    first make it watchable meanwhile, if it can be.

    Raises ffmpeg.Cancelled if the guider cancelled (the film is removed), FilmRejected with the
    sentence if it failed (the film is marked failed), and re-raises an interruption (the film
    waits again).
    """
    film = _film(store.load(code), cycle_number, film_id)
    if film.ready:
        return film  # queued twice (a lost job found again just as it finished): nothing to do
    files = FilmFiles.of(store, code, film_id)
    try:
        set_status(store, code, cycle_number, film_id, FilmStatus.PREPARING)
        original = files.original(film.original_file) if film.original_file else None
        if original is None or not original.is_file():
            raise FilmRejected("The original film is no longer on disk, so it cannot be prepared. "
                               "Remove this film and add it again.")
        if first_look:
            offer_first_look(store, code, cycle_number, film_id, should_cancel)
        facts = film.facts  # probed when the film was staged; no second pass over a large file
        plan = make_proxy(original, files.partial_proxy, files.filmstrip, facts, on_progress=on_progress,
                          should_cancel=should_cancel)
        made = probe(files.partial_proxy)
        if made.playable_ms < facts.duration_ms - max(1000, facts.duration_ms * 0.02):
            raise FilmRejected("Only part of this film could be read; the file is damaged part-way through. "
                               "Copy it from the camera again and add the new copy.")
        if should_cancel and should_cancel():
            raise ffmpeg.Cancelled()  # asked for during the last checks: honoured, even this late
        os.replace(files.partial_proxy, files.proxy)
        proxy = ProxyFacts(width=made.width, height=made.height, fps=plan.fps, duration_ms=made.playable_ms,
                           has_audio=made.has_audio, thumbnail_every_ms=THUMBNAIL_EVERY_S * 1000,
                           thumbnails=len(list(files.filmstrip.glob("*.jpg"))),
                           size_bytes=files.proxy.stat().st_size)

        ready = _mark_ready(store, code, cycle_number, film_id, proxy)
    except BaseException as error:
        files.remove_derived()
        if isinstance(error, ffmpeg.FfmpegFailed) and error.returncode < 0:  # killed by a signal, not the film
            error = EncoderStopped()
        _settle(store, code, cycle_number, film_id, error)
        if isinstance(error, EncoderStopped):
            raise error from None
        if isinstance(error, (KeyboardInterrupt, SystemExit, Interrupted, ffmpeg.Cancelled)):
            raise
        raise FilmRejected(failure_sentence(error)) from error
    if on_progress:
        on_progress(1.0)
    return ready


def _mark_ready(store: FamilyStore, code: str, cycle_number: int, film_id: str, proxy: ProxyFacts) -> Film:
    files = FilmFiles.of(store, code, film_id)

    def finish(family: Family) -> Film:
        current = _film(family, cycle_number, film_id)
        current.proxy = proxy
        current.status = FilmStatus.READY
        current.problem = ""
        _let_go_of_first_look(files, current)
        if not family.keep_originals:
            if current.original_file:
                files.original(current.original_file).unlink(missing_ok=True)
            current.original_file = ""
        return current.model_copy()

    return store.update(code, finish)


def prepare_as_twin(store: FamilyStore, code: str, cycle_number: int, film_id: str, twin: FilmFiles,
                    proxy: ProxyFacts) -> Film:
    """Mark a film ready with copies of its twin's proxy and filmstrip: for a film made of the very same bytes as
    one prepared already (the demo's cycles share one synthetic film), the same pass would make the same copies."""
    files = FilmFiles.of(store, code, film_id)
    try:
        shutil.copyfile(twin.proxy, files.proxy)
        shutil.copytree(twin.filmstrip, files.filmstrip, dirs_exist_ok=True)
        for made in (files.proxy, files.filmstrip, *files.filmstrip.iterdir()):  # private, as a pass makes them
            made.chmod(0o700 if made.is_dir() else 0o600)
        return _mark_ready(store, code, cycle_number, film_id, proxy.model_copy())
    except BaseException:
        files.remove_derived()
        raise
