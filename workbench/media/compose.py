"""Films composed with moviepy: the review reel for the carer, and two clips side by side.

moviepy reads only clips the workbench has already cut from the upright
proxy, so its blindness to phone rotation never matters here. Both films are
written with AAC audio (moviepy's default for .mp4 is MP3), and moviepy's
progress is passed to the caller's progress callback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import proglog
from PIL import Image, ImageDraw, ImageFont

from ..core.storages import make_dirs, partial_path

CARD_SECONDS = 2.5
CARD_COLOUR = (47, 111, 106)
TEXT_COLOUR = (255, 255, 255)
SIDE_BY_SIDE_HEIGHT = 480
LABEL_HEIGHT = 56


@dataclass(frozen=True)
class ReelClip:
    path: Path
    title: str              # e.g. "Clip 2 of 4"
    lines: tuple[str, ...]  # e.g. the principle names


class _Progress(proglog.ProgressBarLogger):
    """moviepy's progress bar, reported as 0..1 of the video frames written."""

    def __init__(self, on_progress: Callable[[float], None] | None):
        super().__init__()
        self._on_progress = on_progress

    def bars_callback(self, bar, attr, value, old_value=None):
        if self._on_progress and bar == "frame_index" and attr == "index":
            total = self.bars[bar].get("total") or 0
            if total:
                self._on_progress(min(1.0, value / total))


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "C:/Windows/Fonts/arial.ttf"):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def card_image(size: tuple[int, int], title: str, lines: tuple[str, ...]) -> np.ndarray:
    """A calm caption card: the title large, then one line per principle."""
    width, height = size
    image = Image.new("RGB", size, CARD_COLOUR)
    draw = ImageDraw.Draw(image)
    big, small = _font(max(18, height // 9)), _font(max(12, height // 18))
    rows = [(title, big)] + [(line, small) for line in lines]
    heights = [draw.textbbox((0, 0), text, font=font)[3] for text, font in rows]
    y = (height - sum(heights) - 12 * (len(rows) - 1)) // 2
    for (text, font), row_height in zip(rows, heights, strict=True):
        text_width = draw.textlength(text, font=font)
        draw.text(((width - text_width) / 2, y), text, font=font, fill=TEXT_COLOUR)
        y += row_height + 12
    return np.asarray(image)


def _write(film, target: Path, fps: float, on_progress: Callable[[float], None] | None) -> Path:
    make_dirs(target.parent)
    partial = partial_path(target, keep_suffix=True)  # one per call
    try:
        film.write_videofile(
            str(partial), fps=fps, codec="libx264", preset="veryfast", audio_codec="aac", audio_fps=48000,
            audio_bitrate="128k", temp_audiofile_path=str(target.parent), pixel_format="yuv420p",
            ffmpeg_params=["-movflags", "+faststart"], logger=_Progress(on_progress),
        )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def review_reel(clips: list[ReelClip], target: Path, on_progress: Callable[[float], None] | None = None) -> Path:
    """Each clip after its caption card, in the order given, as one mp4."""
    if not clips:
        raise ValueError("a review reel needs at least one clip")
    # moviepy (and the IPython it brings) is imported only by the consumer's worker that composes a film
    from moviepy import ImageClip, VideoFileClip, concatenate_videoclips

    with ExitStack() as stack:
        videos = [stack.enter_context(VideoFileClip(str(clip.path))) for clip in clips]
        size = tuple(videos[0].size)
        fps = max(video.fps for video in videos)
        parts = []
        for clip, video in zip(clips, videos, strict=True):
            parts.append(ImageClip(card_image(size, clip.title, clip.lines)).with_duration(CARD_SECONDS))
            parts.append(video if tuple(video.size) == size else video.resized(new_size=size))
        # Cards are drawn at the clips' size, so the parts can simply follow each other ("chain"):
        # "compose" would composite every frame in Python onto a background, several times slower.
        reel = stack.enter_context(concatenate_videoclips(parts, method="chain"))
        return _write(reel, target, fps, on_progress)


def side_by_side(left: ReelClip, right: ReelClip, target: Path,
                 on_progress: Callable[[float], None] | None = None) -> Path:
    """Two clips next to each other from their starts, each labelled; the shorter one holds its last frame.

    The sound is the left clip's: two soundtracks at once would be hard to follow.
    """
    from moviepy import ColorClip, CompositeVideoClip, ImageClip, VideoFileClip, vfx  # as in review_reel

    with ExitStack() as stack:
        a = stack.enter_context(VideoFileClip(str(left.path))).resized(height=SIDE_BY_SIDE_HEIGHT)
        b = stack.enter_context(VideoFileClip(str(right.path))).resized(height=SIDE_BY_SIDE_HEIGHT)
        length = max(a.duration, b.duration)
        a, b = (clip.with_effects([vfx.Freeze(t="end", total_duration=length)])
                if clip.duration < length - 1e-3 else clip for clip in (a, b))
        width = int(a.w + b.w)
        labels = [ImageClip(card_image((int(clip.w), LABEL_HEIGHT), item.title, ()))
                  .with_duration(length).with_position((x, 0))
                  for clip, item, x in ((a, left, 0), (b, right, int(a.w)))]
        canvas = ColorClip((width + width % 2, SIDE_BY_SIDE_HEIGHT + LABEL_HEIGHT),
                           color=(0, 0, 0)).with_duration(length)
        both = CompositeVideoClip([canvas, a.with_position((0, LABEL_HEIGHT)),
                                   b.with_position((int(a.w), LABEL_HEIGHT)).without_audio(), *labels])
        both = stack.enter_context(both.with_audio(a.audio) if a.audio is not None else both)
        return _write(both, target, max(a.fps, b.fps), on_progress)
