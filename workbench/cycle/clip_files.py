"""A clip's pictures and films for the pages: its still, its looping preview, its exported copy, its frame numbers."""

from __future__ import annotations

from pathlib import Path

from ..media import clips as cuts
from ..media.library import ReadyFilm
from ..model import Spotlight


def still(film: ReadyFilm, at_ms: int, spotlight: Spotlight | None = None) -> Path:
    """The picture of the film at ``at_ms`` (made once, then kept); with ``spotlight``, that part enlarged."""
    return cuts.still(film.files, film.proxy, at_ms, spotlight)


def preview(film: ReadyFilm, start_ms: int, end_ms: int) -> Path:
    """A short looping preview of the clip, for the micro-analysis."""
    return cuts.preview(film.files, film.proxy, start_ms, end_ms)


def export(film: ReadyFilm, start_ms: int, end_ms: int) -> Path:
    """The clip as a film of its own, for the shared review and for copies."""
    return cuts.export(film.files, film.proxy, start_ms, end_ms)


def exported(film: ReadyFilm, start_ms: int, end_ms: int) -> bool:
    """Whether the clip's own film has been made already (a screen showing it then waits for nothing)."""
    return cuts.export_path(film.files, film.proxy, start_ms, end_ms).is_file()


def light(film: ReadyFilm, start_ms: int, end_ms: int) -> Path:
    """The clip's lighter copy (480 lines), for a carer watching on a slow home connection."""
    return cuts.light(film.files, film.proxy, start_ms, end_ms)


def light_made(film: ReadyFilm, start_ms: int, end_ms: int) -> bool:
    return cuts.light_path(film.files, film.proxy, start_ms, end_ms).is_file()


def frame_index(ms: int, fps: int) -> int:
    return cuts.frame_index(ms, fps)


def still_in_cut_s(start_ms: int, still_ms: int, fps: int) -> float:
    """Where a player seeks in the cut that starts at ``start_ms`` to show the still's own frame: the middle of that
    frame. Seeking to its edge, (still - start) seconds, lands on the frame before whenever the start falls inside
    a frame, as a lead-in's start usually does."""
    return (cuts.frame_index(still_ms, fps) - cuts.frame_index(start_ms, fps) + 0.5) / fps
