"""The caseload: one summary line per family, kept quick by a self-checking index.

The store files stay the source of truth. The index only remembers, per
family, the summary read from its store together with the store file's
fingerprint (inode, mtime, size). Every save replaces the file atomically and
so gives it a new inode, which means a changed store can never hide behind a
stale index entry; only changed stores are re-read.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from filelock import FileLock, Timeout

from ..model import BookedSession, ConsentScope, FamilyStatus
from .errors import FamilyNotFound, StoreUnreadable, WorkbenchError
from .next_step import Place, place
from .storages import atomic_write_json, private_lock
from .store import FamilyStore

INDEX_FILE = ".caseload-index.json"
INDEX_VERSION = 3  # 2: the owning account and supervisor consent; 3: the place in the cycle, sessions, consent dates


@dataclass(frozen=True)
class FamilySummary:
    code: str
    child: str = ""
    guider: str = ""
    current_cycle: int = 0
    status: str = ""
    last_activity: str = ""
    is_demo: bool = False
    guider_account: str = ""
    supervisor_consent: bool = False  # on the day the summary was made; see ``supervisor_consent_on``
    problem: str | None = None  # why the store could not be read, if it could not
    place: dict | None = None  # ``next_step.Place.data()``: the stage of the cycle, derived from the store
    sessions: list[dict] = field(default_factory=list)  # booked sessions: id, kind, starts_at (ISO), minutes
    # When supervisor viewing stands: [given on, withdrawn on or None] (ISO), so a withdrawal dated ahead
    # takes effect on its day even though the store file, and so this summary, has not changed since.
    supervisor_windows: list[list] = field(default_factory=list)

    def supervisor_consent_on(self, day: date) -> bool:
        return any(date.fromisoformat(start) <= day and (end is None or day < date.fromisoformat(end))
                   for start, end in self.supervisor_windows)

    @cached_property
    def where(self) -> Place | None:
        return Place.from_data(self.place) if self.place else None

    @cached_property
    def booked(self) -> tuple[BookedSession, ...]:
        """The family's booked sessions, read once per summary (a summary is held while its store is unchanged)."""
        return tuple(BookedSession.model_validate(entry) for entry in self.sessions)

    @property
    def readable(self) -> bool:
        return self.problem is None

    def matches(self, text: str) -> bool:
        needle = text.strip().casefold()
        return not needle or any(needle in value.casefold() for value in (self.code, self.child, self.guider))


@dataclass
class Caseload:
    """Summaries of every family in ``store``, refreshed from the index on each call."""

    store: FamilyStore

    @property
    def index_path(self) -> Path:
        return self.store.root / INDEX_FILE

    def summaries(self) -> list[FamilySummary]:
        stores = self.store.store_files()
        held = _HELD.get(self.index_path)
        if held is not None and held.stores == stores and held.index == _file_fingerprint(self.index_path):
            return list(held.summaries)  # nothing saved, added or erased since: the same lines, already read
        index = self._read_index()
        fresh: dict[str, dict] = {}
        changed = False
        for code, fingerprint in sorted(stores.items()):
            cached = index.get(code)
            if cached and cached.get("fingerprint") == fingerprint:
                fresh[code] = cached
                continue
            try:
                summary = self._summarise(code)
            except FamilyNotFound:
                continue  # erased while it was being read
            if summary.problem and cached:
                # Remember whose it was, so its own guider is told the store is damaged.
                summary = replace(summary, guider_account=cached["summary"].get("guider_account", ""))
            fresh[code] = {"fingerprint": fingerprint, "summary": asdict(summary)}
            changed = True
        if changed or fresh.keys() != index.keys():
            fresh = self._write_index(fresh)
        summaries = [FamilySummary(**entry["summary"]) for entry in fresh.values()]
        if fresh.keys() == stores.keys():  # held only when the index says exactly what the folder holds
            _HELD[self.index_path] = _Held(stores, _file_fingerprint(self.index_path), summaries)
        return list(summaries)

    def _write_index(self, entries: dict[str, dict]) -> dict[str, dict]:
        """Save the index under its lock, keeping only families that still exist (one may be erased meanwhile)."""
        try:
            with _index_lock(self.store):
                entries = {code: entry for code, entry in entries.items() if self.store.exists(code)}
                atomic_write_json(self.index_path, {"version": INDEX_VERSION, "entries": entries})
        except (OSError, WorkbenchError, Timeout):
            pass  # The index is only a cache; the next call rebuilds what it needs.
        return entries

    def _summarise(self, code: str) -> FamilySummary:
        try:
            stored = self.store.read(code)
        except StoreUnreadable as error:
            return FamilySummary(code=code, problem=error.message)
        family = stored.family
        return FamilySummary(
            code=family.code,
            child=family.child.name,
            guider=family.guider,
            current_cycle=family.current_cycle.number,
            status=FamilyStatus(family.status).value,
            last_activity=stored.saved_at,
            is_demo=family.is_demo,
            guider_account=family.guider_account,
            supervisor_consent=family.has_consent(ConsentScope.SUPERVISOR_VIEWING),
            place=place(family).data(),
            supervisor_windows=[[c.given_on.isoformat(), c.withdrawn_on.isoformat() if c.withdrawn_on else None]
                                for c in family.consents if ConsentScope.SUPERVISOR_VIEWING in c.covers],
            sessions=[{"id": s.id, "kind": s.kind.value, "starts_at": s.starts_at.isoformat(), "minutes": s.minutes}
                      for s in family.sessions],
        )

    def _read_index(self) -> dict[str, dict]:
        try:
            document = json.loads(self.index_path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(document, dict) or document.get("version") != INDEX_VERSION:
            return {}
        entries = document.get("entries")
        if not isinstance(entries, dict):
            return {}
        # Only a cache, and a file anyone with the folder could edit: an entry that does not read back whole is
        # dropped (its store is read again), never allowed to break the caseload.
        return {code: entry for code, entry in entries.items() if _sound(entry)}


def _sound(entry: object) -> bool:
    try:
        summary = FamilySummary(**entry["summary"])  # type: ignore[index]
        summary.where  # noqa: B018  (reads the place back)
        summary.supervisor_consent_on(date.today())
        [BookedSession.model_validate(s).ends_at for s in summary.sessions]
        return isinstance(entry["fingerprint"], list)  # type: ignore[index]
    except Exception:  # any shape of damage: the store is the truth
        return False


def _index_lock(store: FamilyStore) -> FileLock:
    return private_lock(store.root / f"{INDEX_FILE}.lock", timeout=15)


def forget(store: FamilyStore, code: str) -> None:
    """Remove a family's line from the caseload index (after its erasure), under the index's lock; the lines
    held in this process go too, so nothing of the family stays in memory here."""
    path = store.root / INDEX_FILE
    _HELD.pop(path, None)
    with _index_lock(store):
        try:
            document = json.loads(path.read_bytes())
            entries = document["entries"]
            if code not in entries:
                return
            del entries[code]
            atomic_write_json(path, {"version": INDEX_VERSION, "entries": entries})
        except (OSError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)  # a cache we cannot read might still hold the family: drop it


def search(summaries: list[FamilySummary], text: str = "", status: str | None = None) -> list[FamilySummary]:
    """Readable families matching ``text`` (code, child or guider) and ``status``, most recently active first."""
    found = [s for s in summaries if s.readable and s.matches(text) and (status is None or s.status == status)]
    return sorted(found, key=lambda s: s.last_activity, reverse=True)


def problems(summaries: list[FamilySummary]) -> list[FamilySummary]:
    """Families whose store could not be read."""
    return [s for s in summaries if not s.readable]


def _file_fingerprint(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_ino, info.st_mtime_ns, info.st_size]


@dataclass(frozen=True)
class _Held:
    """The last lines read in this process, and what they were read from: every store's fingerprint and the
    index file's. A save replaces a store file (a new inode), so a held line can never outlive its store."""

    stores: dict[str, list[int]]
    index: list[int] | None
    summaries: list[FamilySummary]


_HELD: dict[Path, _Held] = {}
