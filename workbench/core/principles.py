"""The Principles of Attuned Interactions and Guidance, loaded from the shipped catalogue.

Clips store tag *ids* (``receiving`` or ``receiving.repeating_words``), never
labels, so a label can be reworded without breaking a single old clip.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_PATH = Path(__file__).with_name("principles.json")
CUSTOM_PREFIX = "custom."


@dataclass(frozen=True)
class SubBehaviour:
    id: str
    label: str
    principle_id: str


@dataclass(frozen=True)
class Principle:
    id: str
    number: int
    label: str
    sub_behaviours: tuple[SubBehaviour, ...]


@lru_cache(maxsize=1)
def principles() -> tuple[Principle, ...]:
    doc = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return tuple(
        Principle(
            id=p["id"],
            number=p["number"],
            label=p["label"],
            sub_behaviours=tuple(SubBehaviour(s["id"], s["label"], p["id"]) for s in p["sub_behaviours"]),
        )
        for p in doc["principles"]
    )


@lru_cache(maxsize=1)
def catalogue_labels() -> dict[str, str]:
    """Every catalogue tag id (principles and sub-behaviours) mapped to its label."""
    labels: dict[str, str] = {}
    for p in principles():
        labels[p.id] = p.label
        labels.update({s.id: s.label for s in p.sub_behaviours})
    return labels


def principle_of(tag_id: str) -> str | None:
    """The principle id a catalogue tag belongs to; None for custom or unknown tags."""
    head = tag_id.split(".", 1)[0]
    return head if head in catalogue_labels() and not tag_id.startswith(CUSTOM_PREFIX) else None




def principle_labels(tag_ids: list[str]) -> list[str]:
    """The principles a clip's tags touch, in catalogue order, as labels."""
    touched = {principle_of(tag) for tag in tag_ids}
    return [p.label for p in principles() if p.id in touched]


def principle_numbers(tag_ids: list[str]) -> str:
    """The principles a clip's tags touch as their numbers ("1, 5"), and ✎ for the guider's own tags: fits a column."""
    touched = {principle_of(tag) for tag in tag_ids}
    numbers = [str(p.number) for p in principles() if p.id in touched]
    return ", ".join(numbers + (["✎"] if any(t.startswith(CUSTOM_PREFIX) for t in tag_ids) else []))
