"""The review reel of a cycle and side-by-side films: which clips, whether consent allows, and their jobs.

Both are copies that may leave the guider's hands, so both need the family's
consent to copies for the carer, checked when the job is asked for and again
when it runs. ``workbench.media`` does the cutting and composing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.principles import principle_labels
from ..core.store import FamilyStore
from ..jobs import board
from ..jobs.kinds import JobKind
from ..jobs.records import Job
from ..jobs.tasks import Tracker
from ..media import clips, compose
from ..media.library import ready_film
from ..model import Clip, ConsentScope, Family
from . import analysis


def _signature(chosen: list[Clip]) -> str:
    """Names a composed film after exactly the clips and times in it, so an edit makes a new one."""
    text = "|".join(f"{clip.id}:{clip.start_ms}:{clip.end_ms}:{','.join(clip.tags)}" for clip in chosen)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _require_copies(family: Family) -> None:
    if not family.has_consent(ConsentScope.CARER_COPIES):
        raise InvalidInput("Copies need the family's consent to copies for the carer, and none is in force. "
                           "Record it on the Goals step first.")


def _export(store: FamilyStore, family: Family, cycle_number: int, clip: Clip) -> Path:
    film = ready_film(store, family, cycle_number)
    return clips.export(film.files, film.proxy, clip.start_ms, clip.end_ms)


def review_reel(store: FamilyStore, code: str, cycle_number: int,
                on_progress: Callable[[float], None] | None = None) -> Path:
    """The cycle's chosen clips, in order, each after a card naming its principles."""
    family = store.authorize(code)
    _require_copies(family)
    chosen = analysis.chosen(family.cycle(cycle_number))
    if not chosen:
        raise InvalidInput("Choose at least one clip for the shared review before making the reel.")
    film = ready_film(store, family, cycle_number)
    parts = [compose.ReelClip(_export(store, family, cycle_number, clip), f"Clip {n} of {len(chosen)}",
                              tuple(principle_labels(clip.tags)))
             for n, clip in enumerate(chosen, start=1)]
    target = film.files.exports / f"review-reel-cycle-{cycle_number}-{_signature(chosen)}.mp4"
    for old in film.files.exports.glob(f"review-reel-cycle-{cycle_number}-*.mp4"):
        if old != target:
            old.unlink(missing_ok=True)
    if target.exists():
        return target
    return compose.review_reel(parts, target, on_progress)


def side_by_side(store: FamilyStore, code: str, left: tuple[int, str], right: tuple[int, str],
                 on_progress: Callable[[float], None] | None = None) -> Path:
    """Two clips of this family, from any cycles, side by side: ``left`` and ``right`` are (cycle, clip id)."""
    family = store.authorize(code)
    _require_copies(family)
    picked, both = [], []
    for cycle_number, clip_id in (left, right):
        clip = next((c for c in family.cycle(cycle_number).clips if c.id == clip_id), None)
        if clip is None:
            raise InvalidInput("One of the chosen clips no longer exists.")
        both.append(clip)
        picked.append(compose.ReelClip(_export(store, family, cycle_number, clip), f"Cycle {cycle_number}", ()))
    target = ready_film(store, family, left[0]).files.exports / f"side-by-side-{_signature(both)}.mp4"
    if target.exists():
        return target
    return compose.side_by_side(picked[0], picked[1], target, on_progress)


def reel_subject(code: str, cycle_number: int) -> str:
    return f"reel-{code}-{cycle_number}"


def pair_subject(code: str, left: tuple[int, str], right: tuple[int, str]) -> str:
    return f"pair-{code}-{left[1]}-{right[1]}"


def queue_review_reel(store: FamilyStore, code: str, cycle_number: int) -> Job:
    """Ask the queue for the cycle's review reel; refused at once without consent or chosen clips."""
    family = store.authorize(code)
    _require_copies(family)
    if not analysis.chosen(family.cycle(cycle_number)):
        raise InvalidInput("Choose at least one clip for the shared review before making the reel.")
    return board.submit(store.root, REVIEW_REEL, reel_subject(code, cycle_number), code, cycle=cycle_number)


def queue_side_by_side(store: FamilyStore, code: str, left: tuple[int, str], right: tuple[int, str]) -> Job:
    """Ask the queue for two clips side by side; ``left`` and ``right`` are (cycle, clip id)."""
    _require_copies(store.authorize(code))
    return board.submit(store.root, SIDE_BY_SIDE, pair_subject(code, left, right), code, left=list(left),
                        right=list(right))


def _reel(tracker: Tracker, code: str, cycle: int) -> str:
    return str(review_reel(FamilyStore(tracker.root), code, cycle, tracker.progress).relative_to(tracker.root))


def _pair(tracker: Tracker, code: str, left: list, right: list) -> str:
    made = side_by_side(FamilyStore(tracker.root), code, (left[0], left[1]), (right[0], right[1]), tracker.progress)
    return str(made.relative_to(tracker.root))


# Copies for the carer: if that consent is withdrawn while one is being made, it is not kept.
REVIEW_REEL = JobKind("reel", _reel, needs=ConsentScope.CARER_COPIES)
SIDE_BY_SIDE = JobKind("pair", _pair, needs=ConsentScope.CARER_COPIES)
