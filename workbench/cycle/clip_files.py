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


def frame_index(ms: int, fps: int) -> int:
    return cuts.frame_index(ms, fps)
