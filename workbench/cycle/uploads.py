"""A film sent by the browser in pieces, written straight to the family's folder: never held in memory.

The bookkeeping behind the tus protocol's core (``workbench.ui.uploads`` speaks it): a private file growing a
piece at a time, under a lock (a second writer is refused, never mixed in), and a record of the offset
acknowledged once fsynced, so after a crash the browser resumes from what is truly on disk. Nothing is written
past the declared size. A finished upload is staged as any other film; one never finished goes by ``cancel``,
a new upload from the account to the family, a withdrawn consent, or a day later by ``tidy``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InvalidInput, StorageFull, WorkbenchError
from ..core.storages import PRIVATE_FILE, atomic_write_json, fsync_dir, make_dirs
from ..core.store import FamilyStore
from ..media.staging import HEADROOM_BYTES, INCOMING, check_space, label, tidy
from ..model import ConsentScope

MAX_BYTES = 4 * 1000 ** 3  # as the Film step says: up to 4 GB per film
STALE_S = 24 * 3600  # an upload not touched for a day was abandoned
QUIET_S = 60  # an upload not written to for this long is no longer being sent from another window
SPACE_EVERY = 256 * 1024 * 1024  # bytes written between looks at the disk's free space
CANCEL_WAIT_S = 10.0  # for the piece being written when the browser cancelled: its request has already dropped
PART, RECORD, TAKEN = ".upload", ".upload.json", ".taken"
_ID = re.compile(r"^[0-9a-f]{32}$")


class UploadGone(WorkbenchError):
    """No such upload for this family and account (cancelled, finished, tidied away or erased)."""

    def __init__(self) -> None:
        super().__init__("This upload is no longer here. Choose the film again to send it.")


class UploadConflict(WorkbenchError):
    """A piece sent for another offset than the upload's end (a retry of a piece already written)."""


class UploadBusy(WorkbenchError):
    """Another request or window is sending to this upload, or to this family, right now."""


class TooLarge(WorkbenchError):
    """More than the upload declared, or than any film may be."""


@dataclass(frozen=True)
class Upload:
    """A film on its way: whose, for which family, how long it will be and how much has safely arrived."""

    id: str
    code: str
    username: str
    length: int
    name: str
    scope: str
    offset: int

    @property
    def complete(self) -> bool:
        return self.offset == self.length


def _folder(store: FamilyStore, code: str) -> Path:
    return store.media_dir(code) / INCOMING


def _paths(store: FamilyStore, code: str, upload_id: str) -> tuple[Path, Path]:
    if not _ID.match(upload_id or ""):
        raise UploadGone()
    folder = _folder(store, code)
    return folder / f"{upload_id}{PART}", folder / f"{upload_id}{RECORD}"


def _open_uploads(store: FamilyStore, code: str) -> list[Upload]:
    """The family's uploads with a readable record, whoever sends them."""
    found = []
    for record in _folder(store, code).glob(f"*{RECORD}"):
        upload_id = record.name.removesuffix(RECORD)
        try:
            found.append(_read(store, code, upload_id, record))
        except UploadGone:
            continue
    return found


def _read(store: FamilyStore, code: str, upload_id: str, record: Path) -> Upload:
    try:
        held = json.loads(record.read_text(encoding="utf-8"))
        return Upload(upload_id, code, str(held["username"]), int(held["length"]), str(held["name"]),
                      str(held.get("scope", "")), int(held["offset"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise UploadGone() from None


def begin(store: FamilyStore, code: str, username: str, length: int, name: str,
          scope: ConsentScope = ConsentScope.FILMING) -> Upload:
    """A new, empty upload of ``length`` bytes, once the family may take it (``store``'s guard) and the disk has
    room for it, every upload still to arrive, and its review copy. The account's earlier uploads to this family
    go (a tab closed part-way), unless one is being sent from another window now: then this one is refused."""
    if not 0 < length <= MAX_BYTES:
        raise TooLarge("A film can be up to 4 GB. For a longer one, use a folder on this computer or the inbox."
                       if length > 0 else "This file is empty. Choose the film itself.")
    upload_id = secrets.token_hex(16)
    with store.locked(code):  # an erased family is refused here, and its folder is never made again
        store.authorize(code)
        tidy_stale(store, code)
        for earlier in [u for u in _open_uploads(store, code) if u.username == username]:
            part, _ = _paths(store, code, earlier.id)
            if (part.exists() and time.time() - part.stat().st_mtime < QUIET_S and not earlier.complete
                    or not _remove(store, code, earlier.id, wait_s=0)):
                raise UploadBusy("Another film is being uploaded to this family from another window. Let it "
                                 "finish, or cancel it there, then choose this one again.")
        check_space(store.root, length + _still_to_arrive(store))
        part, record = _paths(store, code, upload_id)
        make_dirs(part.parent)
        atomic_write_json(record, {"username": username, "length": length, "name": label(name),
                                   "scope": scope.value, "offset": 0, "started": time.time()})
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        fsync_dir(part.parent)
    return find(store, code, username, upload_id)


def _still_to_arrive(store: FamilyStore) -> int:
    """Bytes every open upload in the data root has yet to send: space already promised."""
    return sum(max(0, u.length - u.offset) for code in store.codes() for u in _open_uploads(store, code))


def find(store: FamilyStore, code: str, username: str, upload_id: str) -> Upload:
    """The upload, if it is this account's, for this family; UploadGone otherwise."""
    part, record = _paths(store, code, upload_id)
    upload = _read(store, code, upload_id, record)
    if upload.username != username or not part.exists():
        raise UploadGone()
    return upload


class Receiving:
    """One piece being written at the upload's end, holding the upload's lock; ``close`` makes it durable,
    records the new offset and says it."""

    def __init__(self, store: FamilyStore, upload: Upload, at: int) -> None:
        self._store = store
        part, _ = _paths(store, upload.code, upload.id)
        try:  # never O_CREAT: an upload cancelled or erased meanwhile is not made again
            self._fd = os.open(part, os.O_WRONLY)
        except FileNotFoundError:
            raise UploadGone() from None
        if not _locked(self._fd):
            os.close(self._fd)
            raise UploadBusy("This film is already being sent from another request.")
        try:
            self.upload = find(store, upload.code, upload.username, upload.id)  # as it is now, under the lock
            if at != self.upload.offset:
                raise UploadConflict(f"The upload is at {self.upload.offset} bytes, not {at}.")
            os.ftruncate(self._fd, at)  # whatever a crash left past the acknowledged offset
            os.lseek(self._fd, at, os.SEEK_SET)
        except BaseException:
            os.close(self._fd)
            raise
        self.offset = at
        self._looked = at

    def write(self, chunk: bytes) -> None:
        if self.offset + len(chunk) > self.upload.length:
            self._undo()
            raise TooLarge("More was sent than the film's size; the extra was not kept.")
        if self.offset - self._looked >= SPACE_EVERY:  # leave room for every family's saves and the queue
            self._looked = self.offset
            if shutil.disk_usage(self._store.root).free < len(chunk) + HEADROOM_BYTES:
                self._undo()
                raise StorageFull("this film")
        try:
            os.write(self._fd, chunk)
        except OSError as error:
            self._undo()
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                raise StorageFull("this film") from error
            raise
        self.offset += len(chunk)

    def _undo(self) -> None:
        os.ftruncate(self._fd, self.upload.offset)  # back to what was there before this piece
        os.lseek(self._fd, self.upload.offset, os.SEEK_SET)
        self.offset = self.upload.offset

    def close(self) -> int:
        """fsync, then record the offset: what is reported as received is on disk, even after a power cut."""
        try:
            if self.offset != self.upload.offset:
                os.fsync(self._fd)
                _, record = _paths(self._store, self.upload.code, self.upload.id)
                try:  # a cancel waits for this lock, so the record is never written again after it
                    held = json.loads(record.read_text(encoding="utf-8"))
                    atomic_write_json(record, {**held, "offset": self.offset})
                except FileNotFoundError:
                    pass  # erased meanwhile, or dropped with a withdrawn consent: nothing to record
        finally:
            os.close(self._fd)  # and the lock with it
        return self.offset


def cancel(store: FamilyStore, code: str, username: str, upload_id: str) -> None:
    """The upload and its record go, once a piece being written has let go of it (the browser has just
    dropped it); its folders too, if it leaves them empty."""
    find(store, code, username, upload_id)
    if not _remove(store, code, upload_id, wait_s=CANCEL_WAIT_S):
        raise UploadBusy("This film is still being written; try again in a moment.")
    tidy(store.media_dir(code))


def _remove(store: FamilyStore, code: str, upload_id: str, *, wait_s: float, force: bool = False) -> bool:
    """Remove the upload under its lock, waiting up to ``wait_s`` for a piece being written; False if it is still
    held then (with ``force``, removed all the same: its writer finds its record gone)."""
    part, record = _paths(store, code, upload_id)
    try:
        fd = os.open(part, os.O_WRONLY)
    except FileNotFoundError:
        record.unlink(missing_ok=True)
        return True
    try:
        deadline = time.monotonic() + wait_s
        while not _locked(fd) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _locked(fd) and not force:
            return False
        part.unlink(missing_ok=True)
        record.unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)


def _locked(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def take(store: FamilyStore, code: str, username: str, upload_id: str) -> tuple[Path, str]:
    """A finished upload's file, claimed (a second window adding it too finds it gone), and the film's name as
    the guider's computer gave it; its record goes."""
    upload = find(store, code, username, upload_id)
    if not upload.complete:
        raise InvalidInput("The film has not finished uploading yet. Wait for it, then add it.")
    part, record = _paths(store, code, upload_id)
    taken = part.with_name(f"{upload_id}{TAKEN}")
    try:
        os.rename(part, taken)
    except FileNotFoundError:
        raise UploadGone() from None
    record.unlink(missing_ok=True)
    return taken, upload.name


def drop_for(store: FamilyStore, code: str, scopes: list[ConsentScope]) -> int:
    """Remove the family's uploads sent under consents now withdrawn; how many."""
    gone = [u.id for u in _open_uploads(store, code) if u.scope in {s.value for s in scopes}]
    for upload_id in gone:
        _remove(store, code, upload_id, wait_s=CANCEL_WAIT_S, force=True)
    tidy(store.media_dir(code))
    return len(gone)


def tidy_stale(store: FamilyStore, code: str, *, now: float | None = None) -> int:
    """Remove the family's uploads nobody has touched for a day (a closed laptop, a page left); how many."""
    now = time.time() if now is None else now
    folder = _folder(store, code)
    gone = 0
    for leftover in [*folder.glob(f"*{PART}"), *folder.glob(f"*{TAKEN}")]:
        with contextlib.suppress(FileNotFoundError):
            if now - leftover.stat().st_mtime > STALE_S:
                leftover.unlink()
                gone += 1
    for record in folder.glob(f"*{RECORD}"):
        if not record.with_name(record.name.removesuffix(RECORD) + PART).exists():
            record.unlink(missing_ok=True)
    tidy(store.media_dir(code))
    return gone


def tidy_everywhere(store: FamilyStore, *, now: float | None = None) -> int:
    """``tidy_stale`` for every family: as the server starts, and each hour on the queue."""
    return sum(tidy_stale(store, code, now=now) for code in store.codes())
