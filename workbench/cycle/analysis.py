"""Micro-analysis: marking, tagging and choosing a cycle's clips, and what the clips add up to.

Every function here changes or reads a ``Family`` and is meant to run inside
``store.update`` (so each change is saved at once) or on a loaded family.
Times are milliseconds on the film's review copy.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.errors import InvalidInput
from ..core.principles import CUSTOM_PREFIX, catalogue_labels, principle_of, principles
from ..core.validation import build
from ..core.words import clock, seconds
from ..media.clips import on_frame
from ..model import Clip, CustomTag, Cycle, Family, ProxyFacts

MIN_CLIP_MS = 500
MAX_CLIP_MS = 60_000


def _cycle_with_film(family: Family, cycle_number: int) -> Cycle:
    cycle = family.cycle(cycle_number)
    _proxy(cycle)
    return cycle


def _proxy(cycle: Cycle) -> ProxyFacts:
    """The frames of the cycle's review copy (as planned, while its first look is watched); InvalidInput while
    there is nothing to mark clips on."""
    grid = cycle.film.grid if cycle.film is not None else None
    if grid is None:
        raise InvalidInput("This cycle's film is not ready yet, so clips cannot be marked on it.")
    return grid


def _clip(cycle: Cycle, clip_id: str) -> Clip:
    for clip in cycle.clips:
        if clip.id == clip_id:
            return clip
    raise InvalidInput("That clip no longer exists; it may have been deleted in another window.")


def check_times(cycle: Cycle, start_ms: int, end_ms: int) -> None:
    """Raise InvalidInput with a plain reason if these times cannot make a clip of this cycle's film."""
    check_span(_proxy(cycle).duration_ms, start_ms, end_ms)


def check_span(duration: int, start_ms: int, end_ms: int) -> None:
    """Raise InvalidInput with a plain reason if these times cannot make a clip of a film lasting ``duration``."""
    if start_ms < 0 or end_ms < 0:
        raise InvalidInput("A clip cannot start before the beginning of the film.")
    if end_ms <= start_ms:
        raise InvalidInput("The clip's end must come after its start: mark the start (I) before the end (O).")
    if end_ms > duration:
        raise InvalidInput(f"The clip ends after the film does (the film lasts {seconds(duration)}).")
    if end_ms - start_ms < MIN_CLIP_MS:
        raise InvalidInput(f"A clip must last at least {MIN_CLIP_MS / 1000:.1f} s; this one lasts "
                           f"{(end_ms - start_ms) / 1000:.2f} s.")
    if end_ms - start_ms > MAX_CLIP_MS:
        raise InvalidInput(f"A clip can last at most {MAX_CLIP_MS // 1000} s; this one lasts "
                           f"{seconds(end_ms - start_ms)}. Shorter moments work best in the shared review.")


_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}(?:\.\d{1,3})?|\d+(?:\.\d{1,3})?)\s*$")


def parse_clock(text: str) -> int:
    """'1:02.345', '62.345' or '62' as milliseconds; InvalidInput with an example otherwise."""
    match = _CLOCK.match(text or "")
    if not match:
        raise InvalidInput(f"'{text.strip()[:20]}' is not a time; write it like 1:02.345 (minutes:seconds).")
    minutes = int(match.group(1) or 0)
    secs = float(match.group(2))
    if match.group(1) is not None and secs >= 60:
        raise InvalidInput("Seconds must be below 60 when minutes are given, for example 1:02.345.")
    return round((minutes * 60 + secs) * 1000)


def _in_film_order(clip: Clip) -> tuple[int, int]:
    """Clips are kept in the order they happen in the film."""
    return clip.start_ms, clip.end_ms


def clip_label(cycle_number: int, clip: Clip) -> str:
    """A clip among all of a family's: "Cycle 2 · 00:04.000–00:07.500"."""
    return f"Cycle {cycle_number} · {clock(clip.start_ms)}–{clock(clip.end_ms)}"


def check_tags(family: Family, tags: list[str]) -> list[str]:
    known = set(catalogue_labels()) | {t.id for t in family.custom_tags}
    unknown = [t for t in tags if t not in known]
    if unknown:
        raise InvalidInput("Some tags are not in the catalogue; please choose them again.")
    return list(dict.fromkeys(tags))


def add_clip(family: Family, cycle_number: int, start_ms: int, end_ms: int, tags: list[str] | None = None,
             note: str = "", for_review: bool = False) -> Clip:
    """A new clip; ``for_review`` (as the guider's new clips are) also chooses it for the shared review."""
    cycle = _cycle_with_film(family, cycle_number)
    check_times(cycle, int(start_ms), int(end_ms))
    clip = build(Clip, start_ms=int(start_ms), end_ms=int(end_ms), tags=check_tags(family, tags or []), note=note)
    cycle.clips = sorted([*cycle.clips, clip], key=_in_film_order)
    if for_review:
        choose(family, cycle_number, clip.id, True)
        return _clip(cycle, clip.id)
    return clip


def edit_clip(family: Family, cycle_number: int, clip_id: str, *, start_ms: int | None = None,
              end_ms: int | None = None, tags: list[str] | None = None, note: str | None = None) -> Clip:
    cycle = _cycle_with_film(family, cycle_number)
    clip = _clip(cycle, clip_id)
    start = clip.start_ms if start_ms is None else int(start_ms)
    end = clip.end_ms if end_ms is None else int(end_ms)
    check_times(cycle, start, end)
    changes: dict[str, Any] = {"start_ms": start, "end_ms": end}
    if tags is not None:
        changes["tags"] = check_tags(family, tags)
    if note is not None:
        changes["note"] = note
    edited = build(Clip, **{**clip.model_dump(), **changes})
    cycle.clips = sorted([edited if c.id == clip_id else c for c in cycle.clips], key=_in_film_order)
    return edited


def change_tags(family: Family, cycle_number: int, clip_id: str, *, add: Iterable[str] = (),
                remove: Iterable[str] = ()) -> Clip:
    """Add and take away tags on the clip as it is now: another window's change meanwhile is kept, never replaced
    by a whole list from a page that had not seen it."""
    clip = _clip(_cycle_with_film(family, cycle_number), clip_id)
    gone, new = set(remove), [t for t in add if t not in clip.tags]
    return edit_clip(family, cycle_number, clip_id, tags=[t for t in clip.tags if t not in gone] + new)


def nudge(family: Family, cycle_number: int, clip_id: str, edge: str, frames: int) -> Clip:
    """Move the clip's start or end by whole frames of the review copy (usually ±1, or a second's worth)."""
    clip = _clip(_cycle_with_film(family, cycle_number), clip_id)
    fps = _proxy(family.cycle(cycle_number)).fps
    return set_edge(family, cycle_number, clip_id, edge, on_frame(clip.start_ms if edge == "start" else clip.end_ms,
                                                                  fps, frames))


def set_edge(family: Family, cycle_number: int, clip_id: str, edge: str, ms: int) -> Clip:
    """Put the clip's start or end on the frame shown at ``ms`` (the play position, or an edge dragged there)."""
    if edge not in ("start", "end"):
        raise ValueError(f"edge must be 'start' or 'end', not {edge!r}")
    proxy = _proxy(_cycle_with_film(family, cycle_number))
    at = min(on_frame(int(ms), proxy.fps), proxy.duration_ms)
    if edge == "start":
        return edit_clip(family, cycle_number, clip_id, start_ms=at)
    return edit_clip(family, cycle_number, clip_id, end_ms=at)


def frame_times(start_ms: int, end_ms: int, fps: int) -> list[int]:
    """The middle of every frame of the review copy from ``start_ms`` to ``end_ms``: the stills one can pick."""
    first, last = int(start_ms * fps / 1000 + 1e-6), int(end_ms * fps / 1000 + 1e-6)
    return sorted({min(end_ms, max(start_ms, round((frame + 0.5) * 1000 / fps))) for frame in range(first, last + 1)})


def choose_still(family: Family, cycle_number: int, clip_id: str, ms: int) -> Clip:
    """The frame the shared screen freezes on for this clip."""
    cycle = family.cycle(cycle_number)
    clip = _clip(cycle, clip_id)
    if not clip.start_ms <= ms <= clip.end_ms:
        raise InvalidInput("The still must come from inside the clip.")
    updated = clip.model_copy(update={"still_ms": int(ms)})
    cycle.clips = [updated if c.id == clip_id else c for c in cycle.clips]
    return updated


def overlaps(cycle: Cycle) -> dict[str, list[str]]:
    """For each clip that overlaps another, the ids of the clips it overlaps (allowed, but worth knowing)."""
    found: dict[str, list[str]] = {}
    ordered = sorted(cycle.clips, key=_in_film_order)
    for i, clip in enumerate(ordered):
        for other in ordered[i + 1:]:
            if other.start_ms >= clip.end_ms:
                break
            found.setdefault(clip.id, []).append(other.id)
            found.setdefault(other.id, []).append(clip.id)
    return found


def chosen(cycle: Cycle) -> list[Clip]:
    """The clips chosen for the shared review, in their order: film time, until the guider sets one of their own."""
    picked = [c for c in cycle.clips if c.chosen]
    if not cycle.review_order_set:
        return sorted(picked, key=_in_film_order)
    return sorted(picked, key=lambda c: (c.order is None, c.order or 0, c.start_ms))


def _renumber(cycle: Cycle, order: list[str]) -> None:
    position = {clip_id: n for n, clip_id in enumerate(order)}
    cycle.clips = [c.model_copy(update={"order": position.get(c.id)}) if c.chosen or c.order is not None else c
                   for c in cycle.clips]


def choose(family: Family, cycle_number: int, clip_id: str, for_review: bool) -> None:
    """Add the clip to (in film time, or at the end of an order the guider has set) or take it out of the shared
    review."""
    cycle = family.cycle(cycle_number)
    clip = _clip(cycle, clip_id)
    cycle.clips = [c.model_copy(update={"chosen": for_review, "order": None}) if c.id == clip.id else c
                   for c in cycle.clips]
    _renumber(cycle, [c.id for c in chosen(cycle)])  # film time, or the guider's order with a newcomer last


def move(family: Family, cycle_number: int, clip_id: str, step: int) -> None:
    """Move a chosen clip earlier (step -1) or later (+1) in the shared review."""
    cycle = family.cycle(cycle_number)
    order = [c.id for c in chosen(cycle)]
    if clip_id not in order:
        raise InvalidInput("Only clips chosen for the shared review have an order.")
    i = order.index(clip_id)
    j = min(max(i + step, 0), len(order) - 1)
    order[i], order[j] = order[j], order[i]
    cycle.review_order_set = True
    _renumber(cycle, order)


def delete_clip(family: Family, cycle_number: int, clip_id: str) -> Clip:
    """Remove the clip; returns it so it can be put back with ``restore_clip``."""
    cycle = family.cycle(cycle_number)
    removed = _clip(cycle, clip_id)
    cycle.clips = [c for c in cycle.clips if c.id != clip_id]
    _renumber(cycle, [c.id for c in chosen(cycle)])
    return removed


def restore_clip(family: Family, cycle_number: int, clip: Clip) -> Clip:
    """Undo a deletion: the clip returns with its id, tags and note; if it was chosen, it goes last."""
    cycle = _cycle_with_film(family, cycle_number)
    if any(c.id == clip.id for c in cycle.clips):
        return clip
    cycle.clips = sorted([*cycle.clips, clip.model_copy(update={"order": None})], key=_in_film_order)
    _renumber(cycle, [c.id for c in chosen(cycle) if c.id != clip.id] + ([clip.id] if clip.chosen else []))
    return clip


def add_custom_tag(family: Family, label: str) -> CustomTag:
    """A guider's own tag; an existing tag with the same label is reused."""
    label = " ".join(label.split())
    for tag in family.custom_tags:
        if tag.label.casefold() == label.casefold():
            return tag
    slug = re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-")[:24] or "tag"
    tag = build(CustomTag, id=f"{CUSTOM_PREFIX}{slug}-{uuid.uuid4().hex[:6]}", label=label)
    family.custom_tags = [*family.custom_tags, tag]
    return tag


def tag_label(family: Family, tag_id: str) -> str:
    custom = {t.id: t.label for t in family.custom_tags}
    return catalogue_labels().get(tag_id) or custom.get(tag_id) or tag_id


@dataclass(frozen=True)
class PrincipleTotal:
    cycle: int
    principle: str
    clips: int
    total_ms: int


def principle_totals(family: Family, cycle_number: int) -> list[PrincipleTotal]:
    """How many clips touch each principle, and for how long, in one cycle (every principle listed)."""
    cycle = family.cycle(cycle_number)
    totals = []
    for p in principles():
        touching = [c for c in cycle.clips if any(principle_of(t) == p.id for t in c.tags)]
        totals.append(PrincipleTotal(cycle_number, p.label, len(touching), sum(c.duration_ms for c in touching)))
    return totals


def principle_totals_by_cycle(family: Family) -> list[PrincipleTotal]:
    return [row for cycle in family.cycles for row in principle_totals(family, cycle.number)]
