"""Staging a film: copy it into the family's folder, hashing it on the way, and probe it before it is recorded.

A bad file is refused with one sentence and its copy deleted. The film is then
recorded on its cycle by ``workbench.cycle.films.add`` and prepared on the job queue.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from ..core.errors import FilmRejected, InvalidInput, StorageFull
from ..core.settings import load_settings
from ..core.storages import copy_hashing, file_sha256, make_dirs
from ..core.store import FamilyStore
from .library import VIDEO_SUFFIXES, original_suffix
from .probe import FilmProbe, probe

INCOMING = ".incoming"
INBOX = "inbox"
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
        tidy(self.path.parent.parent)


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


def check_space(root: Path, needed: int) -> None:
    make_dirs(root)
    if shutil.disk_usage(root).free < needed + HEADROOM_BYTES:
        raise StorageFull("this film and its review copy")


def _copy_hashing(source: BinaryIO, target: Path, on_progress: Callable[[float], None] | None,
                  total: int | None) -> tuple[str, int]:
    report = (lambda written: on_progress(min(1.0, written / total))) if on_progress and total else None
    return copy_hashing(source, target, "this film", on_chunk=report)


def label(original_name: str) -> str:
    """A film's name as the guider's computer gave it, made safe to show: never used as a path."""
    printable = "".join(ch for ch in original_name if ch.isprintable())
    return Path(printable.replace("\\", "/")).name[:255] or "film"


def _stage(store: FamilyStore, code: str, original_name: str, fill: Callable[[Path], tuple[str, int]]) -> StagedFilm:
    store.authorize(code)  # the family must exist, be readable and be this account's before anything is written
    name = label(original_name)
    target = _incoming(store, code) / f"{uuid.uuid4().hex}{original_suffix(name)}"
    try:
        sha256, size = fill(target)
        facts = probe(target, max_duration_ms=load_settings(store.root).max_film_ms)
    except BaseException:
        target.unlink(missing_ok=True)
        tidy(store.media_dir(code))
        raise
    return StagedFilm(target, name, sha256, size, facts)


def tidy(media: Path) -> None:
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
        check_space(store.root, size)
    return _stage(store, code, original_name, lambda target: _copy_hashing(source, target, on_progress, size))


def stage_received(store: FamilyStore, code: str, received: Path, original_name: str) -> StagedFilm:
    """Stage a film already sent into the family's incoming folder (``workbench.cycle.uploads``): it is moved,
    not copied, then hashed and probed as any other."""
    def fill(target: Path) -> tuple[str, int]:
        os.replace(received, target)
        return file_sha256(target), target.stat().st_size

    try:
        return _stage(store, code, original_name, fill)
    finally:
        received.unlink(missing_ok=True)  # refused before it moved (no right): nothing stays


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
    check_space(store.root, size)
    with open(path, "rb") as source:
        staged = _stage(store, code, path.name, lambda target: _copy_hashing(source, target, on_progress, size))
    return replace(staged, moved_from=path) if move else staged
