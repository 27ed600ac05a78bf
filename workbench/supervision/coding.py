"""Coding a cycle's shared-review film for supervision: each coder's own layer, kept apart until both are ready.

The guider and their supervisor each mark and tag moments of the film of the
guider's own shared review, with the same Principles. A layer is its coder's
alone; the other's stays hidden until both have said "ready to compare", and
a layer said ready is fixed, so the comparison is of two independent codings.
Every write reads the family afresh and checks ``access.can_code`` then, so a
consent withdrawn a moment ago already stops a supervisor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..core.errors import InvalidInput
from ..core.store import FamilyStore
from ..core.validation import build
from ..cycle.analysis import check_span, check_tags
from ..model import Clip, Coding, Cycle, Family
from ..trust.access import AccessDenied, can_code
from ..trust.accounts import Account
from .agreement import DEFAULT_BIN_MS, Agreement, agreement

T = TypeVar("T")


def _film_ms(cycle: Cycle) -> tuple[int, int]:
    film = cycle.review_film
    if film is None or not film.ready or film.proxy is None:
        raise InvalidInput(f"Cycle {cycle.number}'s shared-review film is not ready yet.")
    return film.proxy.duration_ms, film.proxy.fps


def layer_of(cycle: Cycle, coder: str) -> Coding | None:
    return next((c for c in cycle.codings if c.coder == coder), None)


def _change(store: FamilyStore, code: str, account: Account, cycle_number: int,
            change: Callable[[Coding, Cycle, Family], T]) -> T:
    """Apply ``change`` to ``account``'s own layer, made if need be, after checking afresh that they may code."""
    def apply(family: Family) -> T:
        if not can_code(account, family):
            raise AccessDenied("Only the guider, and their supervisor while the carers' consents stand, can code "
                               "this shared-review film.")
        cycle = family.cycle(cycle_number)
        _film_ms(cycle)
        layer = layer_of(cycle, account.username)
        if layer is None:
            layer = Coding(coder=account.username)
            cycle.codings = [*cycle.codings, layer]
        if layer.ready:
            raise InvalidInput("Your coding is marked ready to compare, so it is fixed now.")
        result = change(layer, cycle, family)
        layer.clips = sorted(layer.clips, key=lambda c: (c.start_ms, c.end_ms))
        return result

    # An unguarded store: a supervisor may change nothing of the family but their own layer, checked above.
    return FamilyStore(store.root).update(code, apply)


def add(store: FamilyStore, code: str, account: Account, cycle_number: int, start_ms: int, end_ms: int) -> Clip:
    def put(layer: Coding, cycle: Cycle, _: Family) -> Clip:
        duration = _film_ms(cycle)[0]
        check_span(duration, int(start_ms), int(end_ms))  # the player's own times, exact to the millisecond
        clip = build(Clip, start_ms=int(start_ms), end_ms=int(end_ms))
        layer.clips = [*layer.clips, clip]
        return clip

    return _change(store, code, account, cycle_number, put)


def _clip(layer: Coding, clip_id: str) -> Clip:
    found = next((c for c in layer.clips if c.id == clip_id), None)
    if found is None:
        raise InvalidInput("That clip is no longer in your coding; it may have been deleted in another window.")
    return found


def tag(store: FamilyStore, code: str, account: Account, cycle_number: int, clip_id: str, tags: list[str]) -> Clip:
    def retag(layer: Coding, _: Cycle, family: Family) -> Clip:
        clip = _clip(layer, clip_id)
        clip.tags = check_tags(family, tags)
        return clip

    return _change(store, code, account, cycle_number, retag)


def delete(store: FamilyStore, code: str, account: Account, cycle_number: int, clip_id: str) -> None:
    def drop(layer: Coding, *_: object) -> None:
        _clip(layer, clip_id)
        layer.clips = [c for c in layer.clips if c.id != clip_id]

    _change(store, code, account, cycle_number, drop)


def mark_ready(store: FamilyStore, code: str, account: Account, cycle_number: int) -> None:
    """Say this coding is complete; from now on it is fixed, and it is compared once the other is ready too."""
    def ready(layer: Coding, *_: object) -> None:
        if not layer.clips:
            raise InvalidInput("Mark at least one moment before saying your coding is ready to compare.")
        if any(not c.tags for c in layer.clips):
            raise InvalidInput("Tag every moment you marked with a Principle first: an untagged moment "
                               "cannot be compared.")
        layer.ready = True

    _change(store, code, account, cycle_number, ready)


def own_layer(family: Family, cycle_number: int, account: Account) -> Coding:
    """The account's own layer (empty if they have not begun); AccessDenied if they may not code this film."""
    if not can_code(account, family):
        raise AccessDenied("This shared-review film is not yours to code.")
    return layer_of(family.cycle(cycle_number), account.username) or Coding(coder=account.username)


def others_ready(family: Family, cycle_number: int, account: Account) -> list[str]:
    """Who else has a layer marked ready: names only, so nobody sees another's coding before their own is ready."""
    return [c.coder for c in family.cycle(cycle_number).codings if c.ready and c.coder != account.username]


def comparisons(family: Family, cycle_number: int, account: Account,
                step_ms: int = DEFAULT_BIN_MS) -> list[tuple[Coding, Coding, Agreement]]:
    """The account's ready layer against each other ready layer, with the agreement; empty until both are ready."""
    mine = own_layer(family, cycle_number, account)
    if not mine.ready:
        return []
    duration, _ = _film_ms(family.cycle(cycle_number))
    return [(mine, other, agreement(mine.clips, other.clips, duration, step_ms))
            for other in family.cycle(cycle_number).codings if other.ready and other.coder != account.username]


def move_edge(store: FamilyStore, code: str, account: Account, cycle_number: int, clip_id: str, edge: str,
              ms: int) -> Clip:
    """Move one edge of a clip of one's own coding (set to the play position, or dragged on the strip)."""
    if edge not in ("start", "end"):
        raise ValueError(f"edge must be 'start' or 'end', not {edge!r}")

    def move(layer: Coding, cycle: Cycle, _: Family) -> Clip:
        clip = _clip(layer, clip_id)
        duration, _fps = _film_ms(cycle)
        start, end = (int(ms), clip.end_ms) if edge == "start" else (clip.start_ms, min(int(ms), duration))
        check_span(duration, start, end)
        moved = build(Clip, **{**clip.model_dump(), "start_ms": start, "end_ms": end})
        layer.clips = [moved if c.id == clip_id else c for c in layer.clips]
        return moved

    return _change(store, code, account, cycle_number, move)
