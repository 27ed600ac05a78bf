"""Clips, previews and stills cut from a film's review proxy, exact to the frame.

The proxy runs at a constant ``fps``, so the frame shown at time t is
``floor(t * fps)``. A clip marked from ``start_ms`` to ``end_ms`` holds the
frame shown at its start through the frame shown at its end.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.errors import InvalidInput, StorageFull
from ..core.storages import make_dirs, partial_path
from ..model import ProxyFacts, Spotlight
from . import ffmpeg
from .library import FilmFiles

PREVIEWS_KEPT = 24


def frame_index(ms: float, fps: int) -> int:
    """The frame on screen at ``ms`` (tolerating float noise at exact frame boundaries)."""
    return max(0, math.floor(ms * fps / 1000 + 1e-6))


def on_frame(ms: int, fps: int, frames: int = 0) -> int:
    """The middle of the frame ``frames`` on from the one shown at ``ms``: a mark rounding can never move."""
    frame = frame_index(ms, fps) + frames
    return max(0, round((frame + 0.5) * 1000 / fps))


def frame_time_ms(index: int, fps: int) -> float:
    return index * 1000 / fps


def clip_frames(start_ms: int, end_ms: int, proxy: ProxyFacts) -> tuple[int, int]:
    """(first, last) frame of a clip, checked against the film."""
    if start_ms < 0 or end_ms <= start_ms:
        raise InvalidInput("A clip's end must come after its start.")
    if end_ms > proxy.duration_ms + 1:
        raise InvalidInput("The clip ends after the end of the film.")
    first = frame_index(start_ms, proxy.fps)
    return first, max(first, min(frame_index(end_ms, proxy.fps), _last_frame(proxy)))


def _last_frame(proxy: ProxyFacts) -> int:
    return max(0, round(proxy.duration_ms * proxy.fps / 1000) - 1)


def _seek(index: int, fps: int) -> str:
    # Half a frame early: ffmpeg keeps frames at or after the seek point, and rounding must never skip ours.
    return f"{max(0.0, (index - 0.5) / fps):.6f}"


def _render(target: Path, args: list[str], **run: Any) -> Path:
    """Run ffmpeg into a partial file and publish it atomically; a finished file is reused as it is.

    Each call has its own partial file: two tabs may cut the same clip at once, and the second to finish
    simply replaces the first's identical result.
    """
    if target.exists():
        return target
    make_dirs(target.parent)
    partial = partial_path(target, keep_suffix=True)
    try:
        ffmpeg.run([*args, str(partial)], **run)
        os.replace(partial, target)
    except ffmpeg.FfmpegFailed as error:
        if "No space left" in error.log:
            raise StorageFull("the clip") from error
        raise InvalidInput("This moment could not be cut from the film's review copy. Try again; if it keeps "
                           "failing, remove the film and add it again.") from error
    finally:
        partial.unlink(missing_ok=True)
    return target


def preview(files: FilmFiles, proxy: ProxyFacts, start_ms: int, end_ms: int) -> Path:
    """A clip to watch at once: a stream copy from the proxy (keyframes every second); players start it exactly
    at the mark thanks to the edit list ffmpeg writes."""
    first, last = clip_frames(start_ms, end_ms, proxy)
    made = _render(files.clips / f"preview-{first}-{last}.mp4", [
        "-ss", _seek(first, proxy.fps), "-i", str(files.proxy), "-t", f"{(last + 1 - first) / proxy.fps:.6f}",
        "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-movflags", "+faststart", "-f", "mp4"])
    _prune_previews(files.clips)
    return made


def _prune_previews(folder: Path) -> None:
    previews = sorted(folder.glob("preview-*.mp4"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in previews[PREVIEWS_KEPT:]:
        old.unlink(missing_ok=True)


def export_path(files: FilmFiles, proxy: ProxyFacts, start_ms: int, end_ms: int) -> Path:
    """Where the clip from ``start_ms`` to ``end_ms`` is kept once ``export`` has made it."""
    first, last = clip_frames(start_ms, end_ms, proxy)
    return files.clips / f"clip-{first}-{last}.mp4"


def export(files: FilmFiles, proxy: ProxyFacts, start_ms: int, end_ms: int,
           on_progress: Callable[[float], None] | None = None) -> Path:
    """A frame-accurate H.264/AAC clip whose first and last frames are the marked ones, with no edit lists,
    so every player shows exactly those frames."""
    first, last = clip_frames(start_ms, end_ms, proxy)
    frames = last + 1 - first
    length = frames / proxy.fps
    # Timestamps restart at zero and the sound is trimmed to the pictures, so the file needs no edit list.
    return _render(export_path(files, proxy, start_ms, end_ms), [
        "-ss", _seek(first, proxy.fps), "-i", str(files.proxy), "-map", "0:v:0", "-map", "0:a:0?",
        "-frames:v", str(frames), "-vf", "setpts=PTS-STARTPTS",
        "-af", f"atrim=start={0.5 / proxy.fps:.6f}:end={0.5 / proxy.fps + length:.6f},asetpts=PTS-STARTPTS",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-bf", "0", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", "-use_editlist", "0", "-movflags", "+faststart", "-f", "mp4"],
        duration_ms=round(length * 1000), on_progress=on_progress)


LIGHT_HEIGHT = 480


def light_path(files: FilmFiles, proxy: ProxyFacts, start_ms: int, end_ms: int) -> Path:
    """Where the clip's lighter copy (for a slow home connection) is kept; the clip itself when it is that small."""
    if proxy.height <= LIGHT_HEIGHT:
        return export_path(files, proxy, start_ms, end_ms)
    first, last = clip_frames(start_ms, end_ms, proxy)
    return files.clips / f"clip-{first}-{last}-{LIGHT_HEIGHT}p.mp4"


def light(files: FilmFiles, proxy: ProxyFacts, start_ms: int, end_ms: int) -> Path:
    """The clip at 480 lines, about a third of its bytes: the same frames at the same times, so a still or a
    loop lands on the same picture in either copy."""
    made = export(files, proxy, start_ms, end_ms)
    target = light_path(files, proxy, start_ms, end_ms)
    if target == made:
        return made
    return _render(target, [
        "-i", str(made), "-map", "0:v:0", "-map", "0:a:0?", "-vf", f"scale=-2:{LIGHT_HEIGHT},setsar=1",
        # Each picture keeps its own time (not re-gridded), and the sound is copied (a second AAC encoding would
        # delay the pictures by its priming): seeking either copy to a time shows the same frame.
        "-fps_mode", "passthrough", "-enc_time_base:v", "demux", "-c:v", "libx264", "-preset", "veryfast",
        "-crf", "26", "-bf", "0", "-g", str(proxy.fps), "-pix_fmt", "yuv420p", "-c:a", "copy",
        "-use_editlist", "0", "-movflags", "+faststart", "-f", "mp4"])


def still(files: FilmFiles, proxy: ProxyFacts, ms: int, spotlight: Spotlight | None = None) -> Path:
    """The exact frame on screen at ``ms``, as a JPEG; with ``spotlight``, only that part of it, enlarged."""
    if ms < 0 or ms > proxy.duration_ms:
        raise InvalidInput("That moment is outside the film.")
    index = min(frame_index(ms, proxy.fps), _last_frame(proxy))
    crop, name = [], f"frame-{index}.jpg"
    if spotlight is not None:
        s = spotlight
        name = f"frame-{index}-spot-{s.x:.4f}-{s.y:.4f}-{s.w:.4f}-{s.h:.4f}.jpg"
        # The rectangle, then back to the film's width: a picture as large as the whole frame's.
        crop = ["-vf", f"crop=trunc(iw*{s.w:.4f}/2)*2:trunc(ih*{s.h:.4f}/2)*2:iw*{s.x:.4f}:ih*{s.y:.4f},"
                       f"scale={proxy.width}:-2:flags=lanczos"]
    # One thread: a second's frames at most are decoded, and a team's stills are cut side by side already.
    return _render(files.stills / name, [
        "-threads", "1", "-ss", _seek(index, proxy.fps), "-i", str(files.proxy), *crop, "-frames:v", "1",
        "-q:v", "2", "-update", "1"])
