"""Suggested moments for micro-analysis: the on-device pass queued once a film is ready, what it suggests,
and which suggestions became clips, so a guider can see over time whether they help.

Nothing here tags a clip: a suggestion taken becomes an untagged clip, with its reason kept beside it.
The pass needs only the consents to filming and to storing the films; nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.settings import load_settings
from ..core.store import FamilyStore
from ..jobs import board
from ..jobs.kinds import JobKind
from ..jobs.records import Job, State
from ..jobs.tasks import Tracker
from ..media.library import FilmFiles
from ..model import Clip, ConsentScope, Family
from ..moments import look
from ..moments.kept import keep
from ..moments.suggest import Suggestion, open_suggestions, suggest
from . import analysis

NEEDED = (ConsentScope.FILMING, ConsentScope.STORING)


def look_subject(film_id: str) -> str:
    return f"look-{film_id}"


def _film(family: Family, cycle_number: int):
    film = family.cycle(cycle_number).film
    if film is None or not film.ready or film.proxy is None:
        raise InvalidInput("This cycle's film is not ready yet, so it cannot be looked at for moments.")
    return film


def _require_consent(family: Family) -> None:
    if not all(family.has_consent(scope) for scope in NEEDED):
        raise InvalidInput("Looking for moments needs the consents to filming and to storing the films.")


def queue_look(store: FamilyStore, code: str, cycle_number: int) -> Job | None:
    """Queue the pass over the cycle's film, unless it has run already or suggestions are switched off."""
    family = store.authorize(code)
    film = _film(family, cycle_number)
    _require_consent(family)
    if not load_settings(store.root).suggestions or look.load(FilmFiles.of(store, code, film.id).looked):
        return None  # switched off, or seen already (a damaged file is looked at again)
    return board.submit(store.root, LOOK, look_subject(film.id), code, cycle=cycle_number, film_id=film.id)


def run_look(store: FamilyStore, code: str, cycle_number: int, film_id: str,
             on_progress: Callable[[float], None], stop: Callable[[], bool]) -> Path:
    """The queued pass itself: look at and listen to the review copy, and keep what was seen beside it."""
    family = store.load(code)
    film = family.cycle(cycle_number).film_with(film_id)
    if film is None or not film.ready or film.proxy is None:
        raise InvalidInput("The film was removed before it could be looked at.")
    _require_consent(family)
    files = FilmFiles.of(store, code, film_id)
    seen = look.look(files.proxy, film.proxy.width, film.proxy.height, film.proxy.duration_ms, on_progress, stop,
                     has_sound=film.proxy.has_audio)
    keep(store, code, files.folder, lambda: look.save(seen, files.looked), NEEDED)
    return files.looked


def _look(tracker: Tracker, code: str, cycle: int, film_id: str) -> str:
    made = run_look(FamilyStore(tracker.root), code, cycle, film_id, tracker.progress, tracker.should_cancel)
    return str(made.relative_to(tracker.root))


# Looking waits behind everything a guider is waiting for; what it saw is kept beside the film, for the page to read.
LOOK = JobKind("look", _look, priority=-1, kept_by_feature=frozenset({State.DONE}), made_from_film=True)


@dataclass(frozen=True)
class Suggested:
    """Where a cycle's suggestions stand: the open ones (not already clips), or why there are none yet."""

    moments: list[Suggestion]
    looked: bool  # False: the pass has not run (or is running)
    shown: bool  # False: switched off in Settings


def suggestions(store: FamilyStore, family: Family, cycle_number: int) -> Suggested:
    if not load_settings(store.root).suggestions:
        return Suggested([], False, False)
    film = _film(family, cycle_number)
    looked = FilmFiles.of(store, family.code, film.id).looked
    try:
        version = looked.stat().st_mtime_ns
    except OSError:
        return Suggested([], False, True)
    found = _suggested(looked, version, film.proxy.duration_ms, film.proxy.fps)
    if found is None:
        return Suggested([], False, True)
    clips = [(c.start_ms, c.end_ms) for c in family.cycle(cycle_number).clips]
    return Suggested(open_suggestions(list(found), clips), True, True)


@lru_cache(maxsize=32)
def _suggested(looked: Path, version: int, duration_ms: int, fps: int) -> tuple[Suggestion, ...] | None:
    """The film's suggestions, worked out once per version of what the pass saw (not on every page run), their
    edges on the review copy's frames as a clip's are."""
    seen = look.load(looked)
    if seen is None:
        return None
    seen.duration_ms = duration_ms  # the film's own length, never the file's word for it
    return tuple(suggest(seen, fps=fps))


def take(family: Family, cycle_number: int, suggestion: Suggestion) -> Clip:
    """The suggestion as a clip (untagged: tagging is the guider's), its reason kept; run inside store.update."""
    clip = analysis.add_clip(family, cycle_number, suggestion.start_ms, suggestion.end_ms, for_review=True)
    kept = clip.model_copy(update={"suggested": suggestion.reason[:300]})
    cycle = family.cycle(cycle_number)
    cycle.clips = [kept if c.id == clip.id else c for c in cycle.clips]
    return kept


@dataclass(frozen=True)
class Uptake:
    """How a family's clips began: from a suggestion or by hand, and how many of each went to the review."""

    suggested: int
    suggested_chosen: int
    by_hand: int
    by_hand_chosen: int


def uptake(family: Family) -> Uptake:
    clips = [clip for cycle in family.cycles for clip in cycle.clips]
    mine = [c for c in clips if not c.suggested]
    theirs = [c for c in clips if c.suggested]
    return Uptake(len(theirs), sum(c.chosen for c in theirs), len(mine), sum(c.chosen for c in mine))
