"""The review proxy: one ffmpeg pass makes an upright 720p H.264/AAC mp4 and, from the same decode, the filmstrip.

The proxy has a constant frame rate and a keyframe every second, so clips cut
from it by stream copy start within a second of any mark, and frame numbers
are simply time × fps.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..core.storages import make_dirs
from . import ffmpeg


class Shape(Protocol):
    """What the proxy plan needs of a film: a probe's result, or the facts recorded from one."""

    width: int
    height: int
    fps: float
    duration_ms: int
    interlaced: bool

MAX_SHORT_SIDE = 720
MAX_LONG_SIDE = 1280
MAX_FPS = 30
THUMBNAIL_EVERY_S = 2
THUMBNAIL_HEIGHT = 112
# veryfast, not superfast: at the same CRF its macroblock-tree spends bits where the eye looks, and on grainy
# camcorder or phone footage the review copy came out 2.5-3 times smaller (superfast made a 720p proxy larger
# than its original). A VBV cap bounds the worst case (film grain, confetti) at 4 Mbit/s, about 30 MB a minute.
PRESET = "veryfast"
CRF = 25
MAX_RATE = "4M"
BUFFER = "8M"


@dataclass(frozen=True)
class ProxyPlan:
    width: int
    height: int
    fps: int
    deinterlace: bool = False


def plan(probe: Shape) -> ProxyPlan:
    """Proxy size and rate: at most 720p either way up, true aspect, even sides, never upscaled.

    An interlaced film is first made into one picture per field (its field rate: 1080i50 becomes 50
    a second, with no combing); a rate over 30 is then divided by the smallest whole step that
    brings it to 30 or under, so 50 becomes 25 and 60 becomes 30, every frame evenly spaced.
    """
    scale = min(1.0, MAX_SHORT_SIDE / min(probe.width, probe.height), MAX_LONG_SIDE / max(probe.width, probe.height))
    even = lambda value: max(2, int(round(value * scale / 2)) * 2)  # noqa: E731
    rate = (probe.fps or MAX_FPS) * (2 if probe.interlaced else 1)
    fps = max(1, round(rate / math.ceil(rate / MAX_FPS - 0.01)))  # 0.01: 30.03 fields is 30, not 15
    return ProxyPlan(even(probe.width), even(probe.height), fps, deinterlace=probe.interlaced)


def pictures(target: ProxyPlan) -> str:
    """The filters that make the review copy's pictures from the film's: fields, rate, size, format."""
    fields = "bwdif=mode=send_field:deint=all," if target.deinterlace else ""
    return (f"{fields}fps={target.fps},scale={target.width}:{target.height}:flags=bicubic,setsar=1,"
            f"format=yuv420p")


def make_proxy(original: Path, proxy: Path, filmstrip: Path, probe: Shape, *,
               on_progress: Callable[[float], None] | None = None,
               should_cancel: Callable[[], bool] | None = None) -> ProxyPlan:
    """Write ``proxy`` and the filmstrip JPEGs; ffmpeg applies the display rotation itself (autorotate)."""
    target = plan(probe)
    make_dirs(filmstrip)
    every = target.fps * THUMBNAIL_EVERY_S
    graph = (
        f"[0:v:0]{pictures(target)},split=2[proxy][strip];"
        f"[strip]select='not(mod(n\\,{every}))',scale=-2:{THUMBNAIL_HEIGHT}[thumbs]"
    )
    args = [
        "-flags2", "fast", "-i", str(original), "-filter_complex", graph,
        "-map", "[proxy]", "-c:v", "libx264", "-preset", PRESET, "-crf", str(CRF), "-maxrate", MAX_RATE,
        "-bufsize", BUFFER, "-profile:v", "high",
        "-g", str(target.fps), "-keyint_min", str(target.fps), "-sc_threshold", "0",
        "-map", "0:a:0?", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-ar", "48000",
        "-movflags", "+faststart", "-f", "mp4", str(proxy),
        "-map", "[thumbs]", "-fps_mode", "passthrough", "-q:v", "5", str(filmstrip / "%05d.jpg"),
    ]
    ffmpeg.run(args, duration_ms=probe.duration_ms, on_progress=on_progress, should_cancel=should_cancel,
               background=True)
    return target
