"""A film sent by the browser in pieces, written straight to the family's folder: never held in memory.

The bookkeeping behind the tus resumable-upload protocol's core (``workbench.ui.uploads`` speaks it): an
upload is a private file that grows by appends at its own end, and its small record. What has reached the
disk is the offset, so a dropped connection carries on from there. Each piece is checked against the size
declared when the upload began; nothing is ever written past it. A finished upload is then staged as any
other film (``workbench.media.staging``); one never finished is removed by ``cancel`` or, a day later, by
``tidy``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InvalidInput, StorageFull, WorkbenchError
from ..core.storages import PRIVATE_FILE, atomic_write_json, fsync_dir, make_dirs
from ..core.store import FamilyStore
from ..media.staging import INCOMING, check_space, label, tidy

MAX_BYTES = 4 * 1000 ** 3  # as the Film step says: up to 4 GB per film
STALE_S = 24 * 3600  # an upload not touched for a day was abandoned
PART, RECORD = ".upload", ".upload.json"
_ID = re.compile(r"^[0-9a-f]{32}$")


class UploadGone(WorkbenchError):
    """No such upload for this family and account (cancelled, finished, tidied away or erased)."""

    def __init__(self) -> None:
        super().__init__("This upload is no longer here. Choose the film again to send it.")


class UploadConflict(WorkbenchError):
    """A piece sent for another offset than the upload's end (a retry of a piece already written)."""


class TooLarge(WorkbenchError):
    """More than the upload declared, or than any film may be."""


@dataclass(frozen=True)
class Upload:
    """A film on its way: whose, for which family, how long it will be and how much has arrived."""

    id: str
    code: str
    username: str
    length: int
    name: str
    offset: int

    @property
    def complete(self) -> bool:
        return self.offset == self.length


def _paths(store: FamilyStore, code: str, upload_id: str) -> tuple[Path, Path]:
    if not _ID.match(upload_id or ""):
        raise UploadGone()
    folder = store.media_dir(code) / INCOMING
    return folder / f"{upload_id}{PART}", folder / f"{upload_id}{RECORD}"


def begin(store: FamilyStore, code: str, username: str, length: int, name: str) -> Upload:
    """A new, empty upload of ``length`` bytes, once the family may take it (``store``'s guard) and the disk has
    room for it and its review copy."""
    if not 0 < length <= MAX_BYTES:
        raise TooLarge("A film can be up to 4 GB. For a longer one, use a folder on this computer or the inbox."
                       if length > 0 else "This file is empty. Choose the film itself.")
    check_space(store.root, length)
    upload_id = secrets.token_hex(16)
    with store.locked(code):  # an erased family is refused here, and its folder is never made again
        store.authorize(code)
        part, record = _paths(store, code, upload_id)
        make_dirs(part.parent)
        atomic_write_json(record, {"username": username, "length": length, "name": label(name),
                                   "started": time.time()})
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        fsync_dir(part.parent)
    return find(store, code, username, upload_id)


def find(store: FamilyStore, code: str, username: str, upload_id: str) -> Upload:
    """The upload, if it is this account's, for this family; UploadGone otherwise."""
    part, record = _paths(store, code, upload_id)
    try:
        held = json.loads(record.read_text(encoding="utf-8"))
        offset = part.stat().st_size
    except (OSError, ValueError):
        raise UploadGone() from None
    if held.get("username") != username:
        raise UploadGone()
    return Upload(upload_id, code, username, int(held["length"]), str(held["name"]), offset)


class Receiving:
    """One piece being written at the upload's end; ``close`` makes it durable and says the new offset."""

    def __init__(self, store: FamilyStore, upload: Upload, at: int) -> None:
        if at != upload.offset:
            raise UploadConflict(f"The upload is at {upload.offset} bytes, not {at}.")
        self.upload, self.offset = upload, at
        part, _ = _paths(store, upload.code, upload.id)
        try:  # never O_CREAT: an upload cancelled or erased meanwhile is not made again
            self._fd = os.open(part, os.O_WRONLY | os.O_APPEND)
        except FileNotFoundError:
            raise UploadGone() from None

    def write(self, chunk: bytes) -> None:
        if self.offset + len(chunk) > self.upload.length:
            self._undo()
            raise TooLarge("More was sent than the film's size; the extra was not kept.")
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
        self.offset = self.upload.offset

    def close(self) -> int:
        try:
            os.fsync(self._fd)  # only what is on disk is ever reported as received
        finally:
            os.close(self._fd)
        return self.offset


def cancel(store: FamilyStore, code: str, username: str, upload_id: str) -> None:
    """The upload and its record go; its folders too, if it leaves them empty."""
    find(store, code, username, upload_id)
    for path in _paths(store, code, upload_id):
        path.unlink(missing_ok=True)
    tidy(store.media_dir(code))


def take(store: FamilyStore, code: str, username: str, upload_id: str) -> tuple[Path, str]:
    """A finished upload's file and the film's name as the guider's computer gave it; its record goes."""
    upload = find(store, code, username, upload_id)
    if not upload.complete:
        raise InvalidInput("The film has not finished uploading yet. Wait for it, then add it.")
    part, record = _paths(store, code, upload_id)
    record.unlink(missing_ok=True)
    return part, upload.name


def tidy_stale(store: FamilyStore, code: str, *, now: float | None = None) -> int:
    """Remove the family's uploads nobody has touched for a day (a closed laptop, a page left); how many."""
    now = time.time() if now is None else now
    folder = store.media_dir(code) / INCOMING
    gone = 0
    for part in folder.glob(f"*{PART}"):
        try:
            if now - part.stat().st_mtime > STALE_S:
                part.unlink()
                gone += 1
        except FileNotFoundError:
            continue
    for record in folder.glob(f"*{RECORD}"):
        if not record.with_name(record.name.removesuffix(RECORD) + PART).exists():
            record.unlink(missing_ok=True)
    tidy(store.media_dir(code))
    return gone
