"""Schema versions of a family store, and the steps that upgrade an older store.

Every store records ``schema_version`` in its ``meta`` table. When a future
change alters the layout, bump SCHEMA_VERSION and register one step here that
turns the tables of version n into those of version n + 1. Old stores are then
upgraded in memory on load; the first save after an upgrade keeps a copy of
the old file beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1

Tables = dict[str, dict[str, Any]]
UPGRADES: dict[int, Callable[[Tables], Tables]] = {}


class CannotMigrate(Exception):
    pass


def upgrade(tables: Tables, version: int, *, upgrades: dict[int, Callable[[Tables], Tables]] | None = None,
            target: int | None = None) -> Tables:
    """Run each registered step from ``version`` up to ``target`` (the current schema by default)."""
    steps = UPGRADES if upgrades is None else upgrades
    target = SCHEMA_VERSION if target is None else target
    if version > target:
        raise CannotMigrate(
            f"it was saved by a newer version of the workbench (schema {version}; this version reads up "
            f"to {target}). Update the app to open it"
        )
    while version < target:
        step = steps.get(version)
        if step is None:
            raise CannotMigrate(f"there is no upgrade from schema version {version}")
        tables = step(tables)
        version += 1
    return tables
