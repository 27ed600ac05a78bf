"""Crash-safe file writes, and the TinyDB storage built on them.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write
leaves half a file. Here every save goes to a temporary file in the same
folder, is fsynced, then atomically replaces the old file, and the folder is
fsynced so the rename itself survives a power cut. A reader therefore sees
either the old file or the new one, never a mixture.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from filelock import FileLock
from tinydb.storages import Storage

from .config import FAMILIES
from .errors import FamilyErased, StorageFull

TEMP_SUFFIX = ".partial"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PRIVATE_UMASK = 0o077  # for the processes we start (ffmpeg): whatever the caller's umask, what they write is private


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where the OS cannot open folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; NTFS journals the rename.
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(folder: Path) -> Path:
    """Make ``folder`` and the folders above it, private to this account, and return it.

    Inside a family's folder, only the levels below the family folder are made, one at a
    time: if the family folder itself is gone (the family was erased), FamilyErased is
    raised instead of bringing it back. Only ``FamilyStore.create`` makes a family folder.
    """
    folder = Path(folder)
    family = next((p for p in (folder, *folder.parents) if p.parent.name == FAMILIES and not p.name.startswith(".")),
                  None)
    if family is None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for level in reversed(missing):  # each level 0700 itself (mkdir's parents would be made by the umask)
            try:
                os.mkdir(level, PRIVATE_DIR)
            except FileExistsError:
                pass
        return folder
    if not family.is_dir():
        raise FamilyErased(family.name)
    current = family
    for part in folder.relative_to(family).parts:
        current = current / part
        try:
            os.mkdir(current, PRIVATE_DIR)
        except FileExistsError:
            pass
        except FileNotFoundError:
            raise FamilyErased(family.name) from None
    return folder


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves the old or the new file whole."""
    path = Path(path)
    make_dirs(path.parent)
    try:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except FileNotFoundError:
        make_dirs(path.parent)  # gone since: a family's folder raises FamilyErased, anything else is made again
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException as error:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(path.name) from error
        raise
    fsync_dir(path.parent)


def atomic_write_json(path: Path, document: Any) -> None:
    atomic_write_bytes(path, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def remove_stale_partials(folder: Path) -> None:
    """Delete temporary files a killed writer left behind; call only while holding the folder's lock."""
    for leftover in Path(folder).glob(f".*{TEMP_SUFFIX}"):
        try:
            leftover.unlink()
        except FileNotFoundError:
            pass


class CrashSafeJSONStorage(Storage):
    """A TinyDB storage whose every ``write`` is atomic and durable.

    Usable wherever TinyDB takes a storage, for example from a notebook:
    ``TinyDB(path, storage=CrashSafeJSONStorage)``. It keeps no file handle open,
    so a file replaced by another process is always read afresh.
    """

    def __init__(self, path: str | os.PathLike, **_: Any) -> None:
        super().__init__()
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw:
            return None
        return json.loads(raw)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_json(self.path, data)


def inside(folder: Path, name: str) -> Path:
    """``folder / name`` for a bare file name only, and only if it is still inside ``folder`` once resolved
    (a link planted there pointing out included); ValueError otherwise. Every name that comes from a record, an
    archive or a request is resolved here."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise ValueError(f"not a bare file name: {name[:80]!r}")
    path = folder / name
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        raise ValueError(f"{name[:80]!r} leads outside its folder")
    return path


def private_file(path: Path) -> Path:
    """Create the empty file ``path`` readable by this account alone, for a library to write into (it keeps the
    mode), whatever the process's umask; FileExistsError if it is there already."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    return path


def private_lock(path: Path, timeout: float, **options: Any) -> FileLock:
    """A lock file beside what it guards, private like every file here."""
    return FileLock(path, timeout=timeout, mode=PRIVATE_FILE, **options)


def partial_path(target: Path, keep_suffix: bool = False) -> Path:
    """Where ``target`` is written until it is whole: beside it, unique to this writer, marked TEMP_SUFFIX.

    ``keep_suffix`` keeps the target's own suffix last (``clip.1a2b3c4d.partial.mp4``), for ffmpeg, which
    chooses its output format by it.
    """
    tag = uuid.uuid4().hex[:8]
    if keep_suffix:
        return target.with_name(f"{target.stem}.{tag}{TEMP_SUFFIX}{target.suffix}")
    return target.with_name(f".{target.name}.{tag}{TEMP_SUFFIX}")


def publish(write: Callable[[Path], object], target: Path) -> Path:
    """Have ``write`` (a library's save) fill a private partial file beside ``target``, then put it in place whole:
    a crash or a full disk leaves the old file or none, never half a document."""
    make_dirs(target.parent)
    partial = private_file(partial_path(target))
    try:
        write(partial)
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(target.name) from error
        raise
    finally:
        partial.unlink(missing_ok=True)
    fsync_dir(target.parent)
    return target


COPY_CHUNK = 8 * 1024 * 1024


def copy_hashing(source: IO[bytes], target: Path, what: str, *,
                 on_chunk: Callable[[int], None] | None = None) -> tuple[str, int]:
    """Copy ``source`` into the new file ``target``, fsynced, hashing on the way; returns (SHA-256, bytes).

    ``on_chunk`` is told the bytes read so far before each chunk is written (a progress bar, a size limit);
    whatever it raises stops the copy. However the copy stops, the part-written file is removed; a full
    disk raises StorageFull naming ``what``.
    """
    digest = hashlib.sha256()
    written = 0
    try:
        with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE), "wb") as out:
            while chunk := source.read(COPY_CHUNK):
                written += len(chunk)
                if on_chunk:
                    on_chunk(written)
                out.write(chunk)
                digest.update(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as error:
        target.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(what) from error
        raise
    return digest.hexdigest(), written


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
