"""A whole family in one file: export to a .zip with a SHA-256 manifest, and a careful import.

The import reads an archive that may have been damaged or tampered with, so it
extracts into a staging folder beside the families, checks every name, size
and checksum, and only then renames the staging folder into place in one
step. A refused archive leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path, PurePosixPath
from typing import IO

from pydantic import ValidationError

from ..core.codes import validate_family_code
from ..core.errors import FamilyExists, WorkbenchError
from ..core.storages import (
    TEMP_SUFFIX,
    CrashSafeJSONStorage,
    copy_hashing,
    file_sha256,
    fsync_dir,
    make_dirs,
    partial_path,
)
from ..core.store import LOCK_FILE, STORE_FILE, FamilyStore
from ..core.tables import tables_to_family
from ..media.library import LOOKED, MAX_LOOKED_BYTES, TRAINING
from ..media.staging import INCOMING
from ..model import utc_now

FORMAT = "vig-family-archive"
VERSION = 1
MANIFEST = "manifest.json"
PREFIX = "family/"
ARCHIVES = ".archives"  # archives being made for download, and uploads being imported: never kept
IMPORT_FOLDER = "import"  # where an administrator puts archives to restore without a browser upload
# An archive may not unpack to more than its manifest says (plus a little slack for the manifest itself).
SLACK_BYTES = 1024 * 1024
MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # a family's manifest lists a few thousand files at most
MAX_FAMILY_BYTES = 64 * 1024**3  # twelve cycles of long camcorder films fit well within this
MAX_RATIO = 200  # deflate cannot shrink real family files further; a bomb can
FREE_SPACE_MARGIN = 512 * 1024 * 1024


class ArchiveRefused(WorkbenchError):
    """The archive cannot be imported; nothing of it was kept."""


@dataclass(frozen=True)
class ArchiveEntry:
    path: str
    size: int
    sha256: str


def _family_files(folder: Path) -> list[Path]:
    """The family's files for its archive: never a training copy (made only under a consent, and made again), nor
    a film still arriving or not yet added (its name and its sender would go with it)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != LOCK_FILE and TEMP_SUFFIX not in p.name
                  and not {TRAINING, INCOMING} & set(p.relative_to(folder).parts))


def _without_hidden_coding(path: Path, guider: str) -> bytes:
    """The store as the archive carries it: another coder's layer of a shared-review film is carried only once it and
    the guider's own are both ready to compare, as the comparison shows them; never before."""
    raw = path.read_bytes()
    tables = json.loads(raw)
    hidden = False
    for cycle in tables.get("cycles", {}).values():  # the store's layout: table -> {doc id: cycle}
        mine_ready = any(c.get("coder") == guider and c.get("ready") is True for c in cycle.get("codings", []))
        shown = [c for c in cycle.get("codings", []) if c.get("coder") == guider or (mine_ready and c.get("ready"))]
        hidden |= len(shown) != len(cycle.get("codings", []))
        cycle["codings"] = shown
    # Byte for byte as stored unless something had to stay out, so an archive restores an identical family.
    return json.dumps(tables, separators=(",", ":"), ensure_ascii=False).encode() if hidden else raw


def export_family(store: FamilyStore, code: str, target: Path) -> Path:
    """Write the family (store, media, stills, everything in its folder) to ``target``, a .zip."""
    family = store.authorize(code)  # refuses an unreadable store, or an account that may not take copies
    with store.locked(code) as folder:
        files = _family_files(folder)
        stored = _without_hidden_coding(folder / STORE_FILE, family.guider_account)
        entries = [ArchiveEntry(PREFIX + p.relative_to(folder).as_posix(), len(stored), sha256(stored).hexdigest())
                   if p.name == STORE_FILE and p.parent == folder else
                   ArchiveEntry(PREFIX + p.relative_to(folder).as_posix(), p.stat().st_size, file_sha256(p))
                   for p in files]
        manifest = {"format": FORMAT, "version": VERSION, "family_code": family.code,
                    "created_at": utc_now().isoformat(),
                    "files": [entry.__dict__ for entry in entries]}
        make_dirs(target.parent)
        partial = partial_path(target)
        partial.touch(mode=0o600)  # private whatever the process's umask
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
                for path, entry in zip(files, entries, strict=True):
                    if path.name == STORE_FILE and path.parent == folder:
                        archive.writestr(entry.path, stored)
                        continue
                    # Films are already compressed; storing them saves minutes for nothing lost.
                    kind = zipfile.ZIP_STORED if path.suffix.lower() in {".mp4", ".mov", ".jpg", ".video"} else None
                    archive.write(path, entry.path, compress_type=kind)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    fsync_dir(target.parent)
    return target


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (name.startswith("/") or "\\" in name or ":" in name or any(part in ("", "..") for part in path.parts)
            or not name.startswith(PREFIX) or "\x00" in name):
        raise ArchiveRefused(f"The archive contains a file named {name[:80]!r} that would land outside the family's "
                             "folder. It may have been tampered with, so nothing was imported.")
    return PurePosixPath(*path.parts[1:])


def _not_planted(relative: PurePosixPath, size: int) -> None:
    """Archives never carry training material (it is made again, only under its consent), so one that does was
    altered, perhaps to pass a raw film off as a blurred copy; nor an analysis far larger than any pass writes."""
    if TRAINING in relative.parts:
        raise ArchiveRefused("This archive carries training material, which the workbench never puts in an "
                             "archive: it may have been altered, so nothing was imported.")
    if relative.name == LOOKED and size > MAX_LOOKED_BYTES:
        raise ArchiveRefused("This archive carries a film analysis far larger than any the workbench writes: it "
                             "may have been altered, so nothing was imported.")


def download_path(store: FamilyStore, code: str) -> Path:
    """Where an archive made for download is written, to be deleted once it has been sent."""
    return store.root / ARCHIVES / f"{validate_family_code(code)}-{uuid.uuid4().hex}.zip"


def incoming_path(store: FamilyStore) -> Path:
    """Where an uploaded archive waits while it is imported (deleted afterwards, or at the next start)."""
    return store.root / ARCHIVES / f"incoming-{uuid.uuid4().hex}.zip"


def import_upload(store: FamilyStore, upload: IO[bytes], rename_to: str | None = None,
                  owner: str | None = None) -> str:
    """Restore a family from an uploaded archive: streamed to disk first (never held twice in memory), then
    imported as ``import_family`` does, and the copy deleted whatever happens."""
    temporary = incoming_path(store)
    make_dirs(temporary.parent)
    try:
        upload.seek(0)
        copy_hashing(upload, temporary, "this archive")
        return import_family(store, temporary, rename_to, owner=owner)
    finally:
        temporary.unlink(missing_ok=True)


def import_folder(store: FamilyStore) -> Path:
    return store.root / IMPORT_FOLDER


def importable(store: FamilyStore) -> list[Path]:
    """Archives an administrator has put in the import folder."""
    folder = import_folder(store)
    return sorted(p for p in folder.glob("*.zip") if p.is_file()) if folder.is_dir() else []


def read_manifest(archive: zipfile.ZipFile) -> tuple[str, dict[str, ArchiveEntry]]:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        info = None
    if info is not None and (info.file_size > MAX_MANIFEST_BYTES
                             or info.file_size > MAX_RATIO * max(info.compress_size, 1)):
        raise ArchiveRefused("This archive's manifest is far larger than a family's, so the archive was not "
                             "opened: it may be damaged or built to exhaust the computer.")
    try:
        manifest = json.loads(archive.read(MANIFEST))
        if manifest["format"] != FORMAT or int(manifest["version"]) > VERSION:
            raise ValueError("not our format")
        entries = {e["path"]: ArchiveEntry(e["path"], int(e["size"]), str(e["sha256"])) for e in manifest["files"]}
        return str(manifest["family_code"]), entries
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
        raise ArchiveRefused("This is not a family archive from the workbench (its manifest is missing or damaged), "
                             "so nothing was imported.") from None


def import_family(store: FamilyStore, archive_path: Path, rename_to: str | None = None,
                  owner: str | None = None) -> str:
    """Restore a family from an archive; returns its code.

    ``rename_to`` imports it under another code; ``owner`` makes that guider account its owner.
    """
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError):
        raise ArchiveRefused("This file is not a readable .zip archive, so nothing was imported.") from None
    with archive:
        code, entries = read_manifest(archive)
        members = [info for info in archive.infolist() if info.filename != MANIFEST and not info.is_dir()]
        if len({info.filename for info in members}) != len(members):
            raise ArchiveRefused("This archive holds the same file more than once, so it was not opened: it may "
                                 "have been altered.")
        declared = sum(entry.size for entry in entries.values())
        unpacked = sum(info.file_size for info in members)
        if unpacked > declared + SLACK_BYTES:
            raise ArchiveRefused("This archive would unpack to far more than its manifest lists, so it was not "
                                 "opened: it may be damaged or built to fill the disk.")
        _check_size(store, members, max(declared, unpacked))
        for info in members:
            _not_planted(_safe_member(info.filename), info.file_size)
            entry = entries.get(info.filename)
            if entry is None or info.file_size != entry.size:
                raise ArchiveRefused(f"The archive's file {info.filename[:80]} does not match its manifest, so "
                                     "nothing was imported.")
        if {info.filename for info in members} != set(entries):
            raise ArchiveRefused("Files listed in the archive's manifest are missing from it, so nothing was imported.")
        target_code = validate_family_code(rename_to or code)
        if store.family_dir(target_code).exists():
            raise FamilyExists(target_code)
        make_dirs(store.families_dir)
        staging = store.families_dir / f".importing-{target_code}-{uuid.uuid4().hex}"
        try:
            for info in members:
                relative = _safe_member(info.filename)
                destination = staging.joinpath(*relative.parts)
                if not destination.resolve().is_relative_to(staging.resolve()):
                    raise ArchiveRefused("The archive tries to write outside the family's folder; "
                                         "nothing was imported.")
                make_dirs(destination.parent)
                def no_larger_than_claimed(written: int, claimed: int = info.file_size) -> None:
                    if written > claimed:
                        raise ArchiveRefused("A file in the archive is larger than it claims; nothing was imported.")

                with archive.open(info) as source:
                    sha256, _ = copy_hashing(source, destination, "this archive", on_chunk=no_larger_than_claimed)
                if sha256 != entries[info.filename].sha256:
                    raise ArchiveRefused(f"The archive's file {relative} is not what its checksum says (damaged or "
                                         "altered), so nothing was imported.")
            _check_store(staging, code, target_code, owner)
            store.adopt(target_code, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target_code


def _check_size(store: FamilyStore, members: list[zipfile.ZipInfo], total: int) -> None:
    """Refuse archives too large for a family, squeezed beyond what real files allow, or larger than the disk."""
    if total > MAX_FAMILY_BYTES:
        raise ArchiveRefused(f"This archive would unpack to {total / 1024**3:.0f} GB, far more than a family's "
                             "films, so it was not opened.")
    for info in members:
        if info.compress_type != zipfile.ZIP_STORED and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveRefused("A file in this archive is compressed far more than any real film or record "
                                 "can be, so the archive was not opened: it may be built to fill the disk.")
    make_dirs(store.families_dir)
    free = shutil.disk_usage(store.families_dir).free
    if total + FREE_SPACE_MARGIN > free:
        raise ArchiveRefused(f"There is not enough free disk space to restore this family: it needs "
                             f"{(total + FREE_SPACE_MARGIN) / 1024**3:.1f} GB and {free / 1024**3:.1f} GB is free. "
                             "Nothing was imported.")


def _check_store(staging: Path, code: str, target_code: str, owner: str | None) -> None:
    """The staged store must load; its code and owner are rewritten, if asked, before it goes live."""
    storage = CrashSafeJSONStorage(staging / STORE_FILE)
    try:
        tables = storage.read()
        if tables is None:
            raise ValueError("empty")
        family = tables_to_family(tables)
        if tables["meta"]["1"]["family_code"] != code or family.code != code:
            raise ValueError("code mismatch")
    except ValidationError as error:
        where = " → ".join(str(part) for part in error.errors()[0]["loc"]) if error.errors() else "?"
        raise ArchiveRefused(f"The family's records in this archive hold a value this app never writes (at {where}: "
                             "a file name must be a bare name inside the family's own folder), so nothing was "
                             "imported: it may have been altered.") from None
    except Exception:
        raise ArchiveRefused("The family's records in this archive cannot be read, so nothing was imported.") from None
    if target_code != code or (owner is not None and family.guider_account != owner):
        tables["meta"]["1"]["family_code"] = target_code
        tables["family"]["1"]["code"] = target_code
        if owner is not None:
            tables["family"]["1"]["guider_account"] = owner
        storage.write(tables)
