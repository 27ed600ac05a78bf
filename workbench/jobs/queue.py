"""The queue itself: huey on SQLite in the data root by default, or on Redis when VIG_QUEUE_URL names one."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from huey import Huey, PriorityRedisHuey
from huey.storage import SqliteStorage

from ..core.storages import make_dirs

QUEUE_URL_ENV = "VIG_QUEUE_URL"
QUEUE_FILE = Path(".queue") / "jobs.sqlite3"
NAME = "vig-workbench"


class _PrivateSqliteStorage(SqliteStorage):
    """SQLite that overwrites what it deletes, so an erased family's jobs leave nothing readable in its pages."""

    def _create_connection(self):
        conn = super()._create_connection()
        conn.execute("pragma secure_delete = on")
        return conn


def queue_url() -> str:
    return os.environ.get(QUEUE_URL_ENV, "").strip()


_CATALOGUES: list[Callable[[Huey, Path], None]] = []


@lru_cache(maxsize=16)
def _queue(root: Path, url: str) -> Huey:
    if url:
        # Priorities: the background look runs after films, as on SQLite (plain RedisHuey refuses any priority)
        huey: Huey = PriorityRedisHuey(NAME, url=url, results=False, utc=True)
    else:
        path = root / QUEUE_FILE
        make_dirs(path.parent)
        # strict_fifo: films are prepared in the order they were added, so "2 ahead of yours" holds
        huey = Huey(NAME, results=False, utc=True, storage_class=_PrivateSqliteStorage, filename=str(path),
                    timeout=30, strict_fifo=True)
    for register in _CATALOGUES:  # one instance per data root, with every kind registered on it
        register(huey, root)
    return huey


def add_catalogue(register: Callable[[Huey, Path], None]) -> None:
    """Have ``register`` put its job kinds on every queue (``workbench.running.worker`` is the one catalogue)."""
    _CATALOGUES.append(register)
    _queue.cache_clear()  # a queue made before this registration is made again, with the kinds


def queue_for(root: Path) -> Huey:
    """The queue for the data root at ``root``, with every task registered on it."""
    return _queue(Path(root).resolve(), queue_url())
