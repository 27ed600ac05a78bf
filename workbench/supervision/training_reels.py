"""A training reel: the blurred copies of a cycle's chosen clips, in review order, each after its card."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.principles import principle_labels
from ..core.storages import partial_path
from ..core.store import FamilyStore
from ..core.words import clock
from ..cycle.analysis import chosen
from ..jobs import board
from ..jobs.kinds import JobKind
from ..jobs.records import Job
from ..jobs.tasks import Tracker
from ..media.compose import ReelClip, review_reel
from ..media.library import ready_film
from ..model import Clip, ConsentScope, Family
from ..moments.kept import keep
from ..trust import audit
from .training import NEEDS, require_training, span


def reel_subject(code: str, cycle_number: int) -> str:
    return f"blurreel-{code}-{cycle_number}"


def _copies_for_reel(store: FamilyStore, family: Family, cycle_number: int) -> list[tuple[Clip, Path | None]]:
    """The cycle's chosen clips, in review order, each with its newest blurred copy (None if it has none)."""
    film = ready_film(store, family, cycle_number)
    found = []
    for clip in chosen(family.cycle(cycle_number)):
        made = sorted(film.files.training.glob(f"clip-{span(film, clip)}-clear*-blurred.mp4"),
                      key=lambda p: p.stat().st_mtime)
        found.append((clip, made[-1] if made else None))
    return found


def reel_missing(store: FamilyStore, family: Family, cycle_number: int) -> list[Clip]:
    """The chosen clips that have no blurred copy yet: a training reel is made only of blurred copies."""
    return [clip for clip, made in _copies_for_reel(store, family, cycle_number) if made is None]


def queue_training_reel(store: FamilyStore, code: str, cycle_number: int, who: str) -> Job:
    family = store.authorize(code)
    require_training(family)
    if not chosen(family.cycle(cycle_number)):
        raise InvalidInput("Choose clips for the shared review on the Micro-analysis step; the reel is made of those.")
    if missing := reel_missing(store, family, cycle_number):
        raise InvalidInput("Make the blurred copy of every chosen clip first; still to do: "
                           + ", ".join(f"{clock(c.start_ms)}–{clock(c.end_ms)}" for c in missing) + ".")
    return board.submit(store.root, TRAINING_REEL, reel_subject(code, cycle_number), code, cycle=cycle_number, who=who)


def training_reel(store: FamilyStore, code: str, cycle_number: int, who: str,
                  on_progress: Callable[[float], None]) -> Path:
    """The queued reel: the chosen clips' blurred copies in review order, each after a card naming its
    principles (as the carer's reel), and nothing that was not blurred."""
    family = store.load(code)
    require_training(family)
    copies = _copies_for_reel(store, family, cycle_number)
    if not copies or any(made is None for _, made in copies):
        raise InvalidInput("Make the blurred copy of every chosen clip first.")
    film = ready_film(store, family, cycle_number)
    parts = [ReelClip(made, f"Clip {n} of {len(copies)}", tuple(principle_labels(clip.tags)))
             for n, (clip, made) in enumerate(copies, start=1) if made is not None]
    target = film.files.training / f"reel-cycle-{cycle_number}-blurred.mp4"
    partial = partial_path(target, keep_suffix=True)
    try:
        review_reel(parts, partial, on_progress)  # always made afresh: the chosen clips may have changed
        keep(store, code, film.files.folder, lambda: partial.replace(target), NEEDS)
    finally:
        partial.unlink(missing_ok=True)
    if not store.load(code).has_consent(ConsentScope.TRAINING):
        shutil.rmtree(film.files.training, ignore_errors=True)
        raise InvalidInput("Consent to use in training was withdrawn while this was being made; nothing was kept.")
    audit.record(who, audit.AuditEvent.EXPORT, code, root=store.root,
                 detail=f"training reel made, faces blurred ({len(parts)} clips)")
    return target


def reel_name(cycle_number: int) -> str:
    return f"training-reel-cycle-{cycle_number}-faces-blurred.mp4"


def _training_reel(tracker: Tracker, code: str, cycle: int, who: str) -> str:
    made = training_reel(FamilyStore(tracker.root), code, cycle, who, tracker.progress)
    return str(made.relative_to(tracker.root))


TRAINING_REEL = JobKind("blurreel", _training_reel, needs=ConsentScope.TRAINING, made_from_film=True)
