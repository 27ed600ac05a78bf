"""The per-family store: one TinyDB file per family, changed only in locked, atomic transactions.

Layout under the data root::

    families/<CODE>/family.json   the TinyDB database (tables meta, family, consents, goals, cycles, custom_tags)
    families/<CODE>/media/        the family's films, clips and stills
    families/.locks/<CODE>.lock   the per-family lock, outside the folder so it outlives an erasure
    families/.erased/<CODE>       an empty marker left by erasure: no late save can bring the family back

Every change is ``store.update(code, change)``: take the family's lock, read
the file afresh, apply ``change`` to the Family, validate the whole family,
then write it with one atomic replace. Two tabs or two processes therefore
never lose each other's writes, and a crash leaves the last acknowledged save.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from filelock import Timeout
from pydantic import ValidationError

from ..model import Family, utc_now
from . import migrations
from .codes import validate_family_code
from .config import families_dir
from .errors import FamilyErased, FamilyExists, FamilyNotFound, InvalidInput, StoreBusy, StoreUnreadable
from .storages import (
    PRIVATE_DIR,
    TEMP_SUFFIX,
    CrashSafeJSONStorage,
    atomic_write_bytes,
    fsync_dir,
    make_dirs,
    private_lock,
    remove_stale_partials,
)
from .tables import StoredFamily, family_to_tables, tables_to_family
from .validation import explain, guarded

STORE_FILE = "family.json"
MEDIA_DIR = "media"
LOCK_FILE = ".lock"  # where the lock lived before it moved to .locks/ (still skipped by archives)
LOCKS = ".locks"
ERASED = ".erased"
LOCK_TIMEOUT_S = 15.0
# filelock polls; a short interval lets a waiting tab in soon after the holder lets go.
LOCK_POLL_S = 0.005

T = TypeVar("T")


class FamilyStore:
    """All families under one data root.

    ``guard``, if given, is called with the family before any write to it and
    may raise to refuse the write (the app passes the signed-in account's
    rules, so a read-only viewer can never change a family by any path).
    """

    def __init__(self, root: Path | str | None = None, guard: Callable[[Family], None] | None = None) -> None:
        self.families_dir = families_dir(Path(root) if root is not None else None)
        self._real_families = self.families_dir.resolve()  # once a store (a page run), not once a path
        self.guard = guard

    @property
    def root(self) -> Path:
        return self.families_dir.parent

    # -- paths: the only place user text becomes a path --------------------------
    def family_dir(self, code: str) -> Path:
        folder = self.families_dir / validate_family_code(code)
        # Belt and braces: a valid code can never leave the families folder.
        if folder.resolve().parent != self._real_families:
            raise InvalidInput("That family code cannot be used as a folder name.")
        return folder

    def store_path(self, code: str) -> Path:
        return self.family_dir(code) / STORE_FILE

    def media_dir(self, code: str) -> Path:
        return self.family_dir(code) / MEDIA_DIR

    def exists(self, code: str) -> bool:
        return self.store_path(code).exists()

    def lock_path(self, code: str) -> Path:
        return self.families_dir / LOCKS / f"{validate_family_code(code)}.lock"

    def tombstone(self, code: str) -> Path:
        return self.families_dir / ERASED / validate_family_code(code)

    def is_erased(self, code: str) -> bool:
        return self.tombstone(code).exists()

    def codes(self) -> list[str]:
        """Codes of every family folder holding a store (readable or not)."""
        return sorted(self.store_files())

    def store_files(self) -> dict[str, list[int]]:
        """Every family folder's store file, by code, with its fingerprint (inode, mtime, size): one pass over
        the folder, with no path resolved per family, for the caseload's hundreds."""
        try:
            entries = list(os.scandir(self.families_dir))
        except FileNotFoundError:
            return {}
        found = {}
        for entry in entries:
            try:
                code = validate_family_code(entry.name)
                if code != entry.name or not entry.is_dir(follow_symlinks=False):
                    continue  # a linked folder could lead out of the data root: never a family
                info = os.stat(os.path.join(entry.path, STORE_FILE))
            except (InvalidInput, OSError):
                continue
            found[code] = [info.st_ino, info.st_mtime_ns, info.st_size]
        return found

    # -- reading ---------------------------------------------------------------
    def load(self, code: str) -> Family:
        return self.read(code).family

    def read(self, code: str) -> StoredFamily:
        code = validate_family_code(code)
        path = self.store_path(code)
        if not path.exists():
            raise FamilyNotFound(code)
        try:
            tables = CrashSafeJSONStorage(path).read()
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise StoreUnreadable(code, path, f"the file is damaged: {error}") from None
        except OSError as error:
            raise StoreUnreadable(code, path, f"the file cannot be opened: {error.strerror}") from None
        if tables is None:
            raise StoreUnreadable(code, path, "the file is empty")
        try:
            meta = tables["meta"]["1"]
            version = int(meta["schema_version"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise StoreUnreadable(code, path, "it has no schema version, so it is not a family store") from None
        if meta.get("family_code") != code:
            raise StoreUnreadable(code, path, f"it belongs to family code {meta.get('family_code')!r}")
        try:
            tables = migrations.upgrade(tables, version)
            family = tables_to_family(tables)
        except migrations.CannotMigrate as error:
            raise StoreUnreadable(code, path, str(error)) from None
        except ValidationError as error:
            raise StoreUnreadable(code, path, f"its contents are not valid: {explain(error)}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StoreUnreadable(code, path, f"its layout is not a family store ({error})") from None
        return StoredFamily(family, str(meta.get("saved_at", "")), version)

    def authorize(self, code: str) -> Family:
        """The family, once the guard allows this store's account to change it: for services that make files
        (reels, archives, documents, films) rather than save the family, so no path around the pages works."""
        family = self.load(code)
        if self.guard:
            self.guard(family)
        return family

    # -- writing ---------------------------------------------------------------
    @contextmanager
    def locked(self, code: str, *, new: bool = False) -> Iterator[Path]:
        """Hold the family's lock; yields the family folder.

        The folder must exist (FamilyNotFound), and an erased family is refused
        (FamilyErased), unless ``new``, which makes the folder for a family being
        created. So a save queued behind an erasure can never bring the family back.
        """
        code = validate_family_code(code)
        folder = self.family_dir(code)
        if self.is_erased(code):
            raise FamilyErased(code)
        make_dirs(self.families_dir / LOCKS)
        lock = private_lock(self.lock_path(code), timeout=LOCK_TIMEOUT_S, poll_interval=LOCK_POLL_S)
        try:
            lock.acquire()
        except Timeout:
            raise StoreBusy(code) from None
        try:
            if self.is_erased(code):
                raise FamilyErased(code)
            if new:
                folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            elif not folder.is_dir():
                raise FamilyNotFound(code)
            remove_stale_partials(folder)
            yield folder
        finally:
            lock.release()
            if self.is_erased(code):  # erased while we waited: whoever locks next finds the marker too
                self.lock_path(code).unlink(missing_ok=True)

    def create(self, family: Family) -> Family:
        code = family.code
        new_folder = not self.family_dir(code).exists()
        if self.is_erased(code):
            raise InvalidInput(f"The code {code} belonged to a family that has been erased; codes are never used "
                               "twice. Choose another.")
        try:
            with self.locked(code, new=True):
                if self.store_path(code).exists():
                    raise FamilyExists(code)
                if self.guard:
                    self.guard(family)
                family = guarded(lambda: Family.model_validate(family.model_dump()))
                self._write(family, previous=None)
        except BaseException:
            if new_folder:
                self._remove_empty_folder(code)
            raise
        return family

    def update(self, code: str, change: Callable[[Family], T]) -> T:
        """Apply ``change`` to the freshest Family and save it; returns what ``change`` returned.

        If ``change`` raises, nothing is written.
        """
        with self.locked(code):
            stored = self.read(code)
            family = stored.family
            if self.guard:
                self.guard(family)
            result = guarded(lambda: change(family))
            # Re-validate the whole aggregate: in-place list edits bypass assignment checks.
            checked = guarded(lambda: Family.model_validate(family.model_dump()))
            self._write(checked, previous=stored)
        return result

    def _write(self, family: Family, previous: StoredFamily | None) -> None:
        path = self.store_path(family.code)
        if previous is not None and previous.schema_version < migrations.SCHEMA_VERSION:
            backup = path.with_name(f"{STORE_FILE}.schema-v{previous.schema_version}.bak")
            if not backup.exists():
                atomic_write_bytes(backup, path.read_bytes())
        CrashSafeJSONStorage(path).write(family_to_tables(family, utc_now().isoformat()))

    def erase(self, code: str) -> None:
        """Remove the family's folder for good, under its lock, leaving the marker that refuses later saves.

        The folder is renamed aside before it is deleted, so a crash part-way never leaves a
        half-family that looks whole; ``finish_erasures`` completes any such leftover.
        """
        with self.locked(code) as folder:
            make_dirs(self.families_dir / ERASED)
            atomic_write_bytes(self.tombstone(code), b"")
            doomed = self.families_dir / f".erasing-{code}"
            _remove_tree(doomed)
            folder.rename(doomed)
            fsync_dir(self.families_dir)
            _remove_tree(doomed)

    def adopt(self, code: str, staged: Path) -> None:
        """Move a fully checked family folder (an import) into place under its lock, in one rename."""
        code = validate_family_code(code)
        make_dirs(self.families_dir / LOCKS)
        with private_lock(self.lock_path(code), timeout=LOCK_TIMEOUT_S, poll_interval=LOCK_POLL_S):
            if self.is_erased(code):
                raise InvalidInput(f"The code {code} belonged to a family that has been erased; restore this "
                                   "archive under another code.")
            if self.family_dir(code).exists():
                raise FamilyExists(code)
            os.rename(staged, self.family_dir(code))
            fsync_dir(self.families_dir)

    def finish_erasures(self) -> None:
        """Delete what an erasure interrupted by a crash left aside."""
        if self.families_dir.exists():
            for leftover in self.families_dir.glob(".erasing-*"):
                _remove_tree(leftover)

    def _remove_empty_folder(self, code: str) -> None:
        folder = self.family_dir(code)
        if folder.exists() and not (folder / STORE_FILE).exists():
            for leftover in folder.iterdir():
                if leftover.name == LOCK_FILE or leftover.name.endswith(TEMP_SUFFIX):
                    leftover.unlink(missing_ok=True)
            try:
                folder.rmdir()
            except OSError:
                pass


def _remove_tree(folder: Path) -> None:
    """Delete a folder tree, trying again while a writer that has not yet noticed still adds to it."""
    for _ in range(20):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
    shutil.rmtree(folder)  # one last time, raising what stops it
