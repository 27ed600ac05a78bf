"""A clip's pictures and films for the pages: its still, its looping preview, its exported copy, its frame numbers."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..media import clips as cuts
from ..media.library import ReadyFilm
from ..model import Spotlight


def still(film: ReadyFilm, at_ms: int, spotlight: Spotlight | None = None) -> Path:
    """The picture of the film at ``at_ms`` (made once, then kept); with ``spotlight``, that part enlarged."""
    return cuts.still(film.files, film.proxy, at_ms, spotlight)


# Shared by every session: a team's edits cut their pictures side by side, never dozens of ffmpegs at once.
_CUTTERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="clip-pictures")


@dataclass(frozen=True)
class ClipPictures:
    """What the micro-analysis shows of a clip: its first and last frames, its chosen still, its preview."""

    first: Path
    last: Path
    still: Path
    preview: Path


def pictures(film: ReadyFilm, start_ms: int, end_ms: int, still_ms: int) -> ClipPictures:
    """The clip's pictures, each cut at the same time as the others (each is a short ffmpeg of its own, so a
    clip shown for the first time waits for the slowest, not for all four in turn)."""
    by_frame: dict[int, Future[Path]] = {}  # a still on the clip's first or last frame is cut once, not twice

    def still_of(ms: int) -> Future[Path]:
        frame = cuts.frame_index(ms, film.proxy.fps)
        if frame not in by_frame:
            by_frame[frame] = _CUTTERS.submit(still, film, ms)
        return by_frame[frame]

    cut = [still_of(start_ms), still_of(end_ms), still_of(still_ms), _CUTTERS.submit(preview, film, start_ms, end_ms)]
    wait(cut)  # every cut ends before any failure is told: none is left running behind the page's message
    first, last, chosen, loop = (c.result() for c in cut)
    return ClipPictures(first, last, chosen, loop)


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
