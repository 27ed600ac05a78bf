"""The TinyDB layout of a family, to and from the Family model: one table per list of records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Family
from . import migrations

# Tables holding lists of records; everything else about the family is one "family" document.
_LIST_TABLES = ("consents", "goals", "cycles", "custom_tags")

@dataclass(frozen=True)
class StoredFamily:
    family: Family
    saved_at: str
    schema_version: int


def family_to_tables(family: Family, saved_at: str) -> dict[str, dict[str, Any]]:
    """The TinyDB layout of a family: table name -> {doc_id: document}."""
    doc = family.model_dump(mode="json")
    tables: dict[str, dict[str, Any]] = {
        "meta": {"1": {"schema_version": migrations.SCHEMA_VERSION, "family_code": family.code,
                       "saved_at": saved_at, "app": "vig-workbench"}},
    }
    for name in _LIST_TABLES:
        tables[name] = {str(i): record for i, record in enumerate(doc.pop(name), start=1)}
    tables["family"] = {"1": doc}
    return tables


def tables_to_family(tables: dict[str, dict[str, Any]]) -> Family:
    def ordered(name: str) -> list[dict[str, Any]]:
        table = tables.get(name) or {}
        return [table[k] for k in sorted(table, key=int)]

    (core,) = ordered("family")
    return Family.model_validate({**core, **{name: ordered(name) for name in _LIST_TABLES}})
