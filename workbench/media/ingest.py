"""Adding a cycle's film: stage and check the file, record it, then prepare the review proxy in the background.

1. ``stage_upload`` / ``stage_file`` copy the film into the family's folder
   (hashing it on the way) and probe it; a bad file is refused with one
   sentence and its copy deleted.
2. ``add_film`` records the film on the cycle (status "ingesting") next to its
   original.
3. ``prepare_film`` makes the proxy and filmstrip, writing progress to the
   store, honouring a cancel request, and on any failure removing every file it
   made and the film record, leaving only a sentence saying why.
   ``start_preparing`` runs it in a separate, low-priority process so the app
   stays responsive and a closed tab does not stop it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from ..config import DATA_ROOT_ENV
from ..errors import FilmRejected, InvalidInput, StorageFull, WorkbenchError
from ..model import ConsentScope, Family, Film, FilmFacts, FilmStatus, ProxyFacts, build, utc_now
from ..settings import load_settings
from ..storages import make_dirs
from ..store import FamilyStore
from . import ffmpeg
from .library import VIDEO_SUFFIXES, FilmFiles, original_suffix
from .probe import FilmProbe, probe
from .proxy import THUMBNAIL_EVERY_S, make_proxy

INCOMING = ".incoming"
INBOX = "inbox"
CHUNK = 8 * 1024 * 1024
PROGRESS_EVERY_S = 1.0
STALLED_AFTER = timedelta(seconds=45)
# Room for the proxy and filmstrip beside the original, plus a margin for everything else.
HEADROOM_BYTES = 300 * 1024 * 1024


@dataclass(frozen=True)
class StagedFilm:
    """A film copied into the family's folder and probed, not yet recorded on a cycle."""

    path: Path
    original_name: str
    sha256: str
    size_bytes: int
    probe: FilmProbe
    moved_from: Path | None = None  # removed from there only once the film is recorded

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        _tidy(self.path.parent.parent)


def _incoming(store: FamilyStore, code: str) -> Path:
    folder = store.media_dir(code) / INCOMING
    make_dirs(folder)
    return folder


def inbox(root: Path, username: str) -> Path:
    """A guider's own folder for large films (say from a camera card), to skip the browser upload."""
    if not username or "/" in username or username.startswith("."):
        raise InvalidInput("Sign in as a guider to use an inbox.")
    return root / INBOX / username


def inbox_films(root: Path, username: str) -> list[Path]:
    """Films waiting in the guider's inbox, newest first."""
    try:
        found = [p for p in inbox(root, username).iterdir() if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES]
    except FileNotFoundError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _check_space(root: Path, needed: int) -> None:
    make_dirs(root)
    if shutil.disk_usage(root).free < needed + HEADROOM_BYTES:
        raise StorageFull("this film and its review copy")


def _copy_hashing(source: BinaryIO, target: Path, on_progress: Callable[[float], None] | None,
                  total: int | None) -> tuple[str, int]:
    digest = hashlib.sha256()
    written = 0
    try:
        with open(target, "xb") as out:
            while chunk := source.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                written += len(chunk)
                if on_progress and total:
                    on_progress(min(1.0, written / total))
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        target.unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull("this film") from error
        raise
    return digest.hexdigest(), written


def _stage(store: FamilyStore, code: str, original_name: str, fill: Callable[[Path], tuple[str, int]]) -> StagedFilm:
    store.authorize(code)  # the family must exist, be readable and be this account's before anything is written
    printable = "".join(ch for ch in original_name if ch.isprintable())
    name = Path(printable.replace("\\", "/")).name[:255] or "film"
    target = _incoming(store, code) / f"{uuid.uuid4().hex}{original_suffix(name)}"
    try:
        sha256, size = fill(target)
        facts = probe(target, max_duration_ms=load_settings(store.root).max_film_ms)
    except BaseException:
        target.unlink(missing_ok=True)
        _tidy(store.media_dir(code))
        raise
    return StagedFilm(target, name, sha256, size, facts)


def _tidy(media: Path) -> None:
    """Remove the family's media folders if a refused film left them empty."""
    for folder in (media / INCOMING, media):
        try:
            folder.rmdir()
        except OSError:
            pass


def stage_upload(store: FamilyStore, code: str, source: BinaryIO, original_name: str, size: int | None = None,
                 on_progress: Callable[[float], None] | None = None) -> StagedFilm:
    """Stage an uploaded film. Its name is kept only as a label, never used as a path."""
    if size is not None:
        _check_space(store.root, size)
    return _stage(store, code, original_name, lambda target: _copy_hashing(source, target, on_progress, size))


def stage_file(store: FamilyStore, code: str, path: Path | str, *, move: bool = False, inbox_of: str = "",
               on_progress: Callable[[float], None] | None = None) -> StagedFilm:
    """Stage a film from a path on this machine (a camera card, or the inbox); ``move`` takes it out of there.

    Nothing inside the data root can be taken this way (another family's film, say), except from the
    inbox of ``inbox_of``, the guider adding it.
    """
    path = Path(path).expanduser()
    resolved = path.resolve()
    own_inbox = inbox(store.root, inbox_of).resolve() if inbox_of else None
    if resolved.is_relative_to(store.root.resolve()) and not (own_inbox and resolved.is_relative_to(own_inbox)):
        raise FilmRejected("That file is inside the workbench's own data folder, so it cannot be added from there. "
                           "Add films from a camera card or a folder of your own, or from your inbox.")
    if not path.is_file():
        raise FilmRejected(f"There is no film at {path}. Check the folder and the file name.")
    size = path.stat().st_size
    _check_space(store.root, size)
    with open(path, "rb") as source:
        staged = _stage(store, code, path.name, lambda target: _copy_hashing(source, target, on_progress, size))
    return replace(staged, moved_from=path) if move else staged


def add_film(store: FamilyStore, code: str, cycle_number: int, staged: StagedFilm, activity: str,
             filmed_on: date) -> Film:
    """Record the staged film on the cycle, its original beside it; prepare it next with ``prepare_film``."""
    facts = staged.probe
    try:
        film = build(Film, activity=activity, filmed_on=filmed_on, original_name=staged.original_name,
                     original_sha256=staged.sha256, original_file="original" + staged.path.suffix,
                     facts=FilmFacts(duration_ms=facts.duration_ms, width=facts.width, height=facts.height,
                                     rotation=facts.rotation, fps=facts.fps,
                                     variable_frame_rate=facts.variable_frame_rate,
                                     video_codec=facts.video_codec, audio_codec=facts.audio_codec,
                                     size_bytes=staged.size_bytes))
    except InvalidInput:
        staged.discard()
        raise
    files = FilmFiles.of(store, code, film.id)

    def record(family: Family) -> None:
        if not family.has_consent(ConsentScope.FILMING):
            raise InvalidInput("No filming consent is recorded for this family, so no film can be added. "
                               "Record the consent on the Goals step first.")
        cycle = family.cycle(cycle_number)
        if cycle.film is not None:
            raise InvalidInput(f"Cycle {cycle_number} already has a film. Remove it first to add another.")
        make_dirs(files.folder)
        os.replace(staged.path, files.original(film.original_file))
        cycle.film = film
        cycle.film_problem = ""

    try:
        store.update(code, record)
    except BaseException:
        staged.discard()
        files.remove()
        raise
    if staged.moved_from is not None:
        staged.moved_from.unlink(missing_ok=True)
    return film


def _failure_sentence(error: BaseException) -> str:
    if isinstance(error, WorkbenchError):
        return error.message
    if isinstance(error, ffmpeg.Cancelled):
        return "Preparing the film was cancelled; nothing was kept. Add it again when you are ready."
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
    return f"Preparing the film failed unexpectedly ({type(error).__name__}); nothing was kept. Please try again."


def _film(family: Family, cycle_number: int, film_id: str) -> Film:
    film = family.cycle(cycle_number).film
    if film is None or film.id != film_id:
        raise ffmpeg.Cancelled()  # the film was removed meanwhile
    return film


def fail_film(store: FamilyStore, code: str, cycle_number: int, film_id: str, sentence: str) -> None:
    """Remove every file of the film and its record, keeping only the sentence that says why."""
    FilmFiles.of(store, code, film_id).remove()
    if not store.exists(code):
        return  # the family was erased meanwhile: there is nothing left to record the reason in

    def forget(family: Family) -> None:
        cycle = family.cycle(cycle_number)
        if cycle.film is not None and cycle.film.id == film_id:
            name = cycle.film.original_name
            cycle.film = None
            cycle.film_problem = f"{name}: {sentence}" if name else sentence

    store.update(code, forget)


def prepare_film(store: FamilyStore, code: str, cycle_number: int, film_id: str,
                 on_progress: Callable[[float], None] | None = None) -> Film:
    """Make the proxy and filmstrip for a recorded film; on failure nothing of it is left but the reason."""
    family = store.load(code)
    film = _film(family, cycle_number, film_id)
    files = FilmFiles.of(store, code, film_id)
    original = files.original(film.original_file)
    last_write = 0.0
    cancel = False

    def report(fraction: float) -> None:
        nonlocal last_write, cancel
        if on_progress:
            on_progress(fraction)
        now = time.monotonic()
        if now - last_write < PROGRESS_EVERY_S:
            return
        last_write = now

        def beat(family: Family) -> bool:
            current = _film(family, cycle_number, film_id)
            current.progress = round(fraction, 3)
            current.heartbeat = utc_now()
            return current.cancel_requested

        cancel = store.update(code, beat)

    try:
        report(0.0)
        facts = film.facts  # probed when the film was staged; no second pass over a large file
        partial_proxy = files.proxy.with_suffix(".partial.mp4")
        plan = make_proxy(original, partial_proxy, files.filmstrip, facts, on_progress=report,
                          should_cancel=lambda: cancel)
        made = probe(partial_proxy)
        if made.playable_ms < facts.duration_ms - max(1000, facts.duration_ms * 0.02):
            raise FilmRejected("Only part of this film could be read; the file is damaged part-way through. "
                               "Copy it from the camera again and add the new copy.")
        os.replace(partial_proxy, files.proxy)
        proxy = ProxyFacts(width=made.width, height=made.height, fps=plan.fps, duration_ms=made.playable_ms,
                           has_audio=made.has_audio, thumbnail_every_ms=THUMBNAIL_EVERY_S * 1000,
                           thumbnails=len(list(files.filmstrip.glob("*.jpg"))),
                           size_bytes=files.proxy.stat().st_size)

        def finish(family: Family) -> Film:
            current = _film(family, cycle_number, film_id)
            current.proxy = proxy
            current.status = FilmStatus.READY
            current.progress = 1.0
            current.heartbeat = utc_now()
            current.worker_pid = None
            if not family.keep_originals:
                original.unlink(missing_ok=True)
                current.original_file = ""
            return current.model_copy()

        ready = store.update(code, finish)
    except BaseException as error:
        fail_film(store, code, cycle_number, film_id, _failure_sentence(error))
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        if isinstance(error, ffmpeg.Cancelled):
            raise
        raise FilmRejected(_failure_sentence(error)) from error
    if on_progress:
        on_progress(1.0)
    return ready


def start_preparing(store: FamilyStore, code: str, cycle_number: int, film_id: str) -> int:
    """Prepare the film in a separate process that outlives the browser tab; returns its pid."""
    env = {**os.environ, DATA_ROOT_ENV: str(store.root)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "workbench.media.worker", code, str(cycle_number), film_id],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, cwd=Path(__file__).resolve().parents[2],
    )

    def note_pid(family: Family) -> None:
        film = _film(family, cycle_number, film_id)
        film.worker_pid = worker.pid
        film.heartbeat = utc_now()

    store.update(code, note_pid)
    return worker.pid


def request_cancel(store: FamilyStore, code: str, cycle_number: int) -> None:
    def ask(family: Family) -> None:
        film = family.cycle(cycle_number).film
        if film is not None and film.status is FilmStatus.INGESTING:
            film.cancel_requested = True

    store.update(code, ask)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_stalled(store: FamilyStore, code: str, cycle_number: int, now: datetime | None = None) -> bool:
    """If the film's preparation died (the computer restarted, the process was killed), clean it up.

    Returns True if a stalled preparation was cleared.
    """
    film = store.load(code).cycle(cycle_number).film
    if film is None or film.status is not FilmStatus.INGESTING:
        return False
    last = film.heartbeat or film.added_at
    now = now or datetime.now(UTC)
    if now - last < STALLED_AFTER or _alive(film.worker_pid):
        return False
    fail_film(store, code, cycle_number, film.id,
              "Preparing the film was interrupted (the app or the computer may have restarted); nothing was kept. "
              "Please add the film again.")
    return True


def remove_film(store: FamilyStore, code: str, cycle_number: int) -> None:
    """Delete the cycle's film, all its files and the clips marked on it."""
    film = store.load(code).cycle(cycle_number).film
    if film is None:
        return

    def forget(family: Family) -> None:
        cycle = family.cycle(cycle_number)
        cycle.film = None
        cycle.clips = []
        cycle.film_problem = ""

    store.update(code, forget)
    FilmFiles.of(store, code, film.id).remove()
