"""The first look: a film the browser can play within seconds of landing, as it is or by a quick stream copy.

A phone's or camera's MP4 is usually H.264 with AAC sound, which Chromium plays
as it is. Then the guider watches and marks clips on it while the review copy
is made. Marks are kept on the review copy's frame grid (its rate is known from
the probe), so a mark lands on the same frame in both.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from ..core.storages import TEMP_SUFFIX
from ..model import FirstLook, ProxyFacts
from . import ffmpeg
from .probe import read_header
from .proxy import THUMBNAIL_EVERY_S, Shape, plan

# What Chromium plays, by container family: the video codecs (8-bit 4:2:0 only) and the sounds.
_MP4 = ({"h264"}, {"aac", "mp3"})
_WEBM = ({"vp9", "vp8"}, {"opus", "vorbis"})
_PICTURES = {"yuv420p", "yuvj420p"}
_NAMED = {"hevc": "HEVC (H.265)", "h265": "HEVC (H.265)", "mjpeg": "Motion JPEG", "prores": "ProRes",
          "mpeg2video": "MPEG-2", "mpeg4": "MPEG-4 Part 2", "av1": "AV1", "dvvideo": "DV", "wmv3": "Windows Media"}
LATER = "It can be watched as soon as its review copy is ready."


@dataclass(frozen=True)
class Look:
    """How the film can be watched before its review copy: ``as_is``, by a ``copy`` to ``suffix``, or ``wait``."""

    how: Literal["as_is", "copy", "wait"]
    suffix: str = ".mp4"  # of the copy
    encode_sound: bool = False  # the picture copied, the sound made AAC (a camcorder's PCM, say)
    why_not: str = ""


MAX_BOXES = 64  # a camera's file has a handful before its index or its pictures; a hostile one, millions


def _moov_first(path: Path) -> bool:
    """Whether an MP4's index (``moov``) comes before its pictures (``mdat``): a browser then starts at once."""
    try:
        with open(path, "rb") as handle:
            end, offset = os.fstat(handle.fileno()).st_size, 0
            for _ in range(MAX_BOXES):
                if offset + 8 > end:
                    break
                handle.seek(offset)
                head = handle.read(16)
                size, kind = int.from_bytes(head[:4], "big"), head[4:8]
                if size == 1 and len(head) == 16:
                    size = int.from_bytes(head[8:16], "big")
                elif size == 0:
                    size = end - offset
                if kind in (b"moov", b"mdat"):
                    return kind == b"moov"
                if size < 8:
                    return False
                offset += size
    except OSError:
        pass
    return False


def _wait(why: str) -> Look:
    return Look("wait", why_not=f"{why} {LATER}")


def judge(path: Path) -> Look:
    """How ``path`` can first be watched, read from its header (and, for an MP4, where its index sits)."""
    header = read_header(path)
    codec, sound = header["video_codec"], header["audio_codec"]
    if header["interlaced"]:
        return _wait("This film is interlaced, as camcorders record, so a browser would show it combed.")
    if abs(header["start_ms"]) > 1:
        return _wait("This film's timing does not start at zero, so marks could not be kept exact on it.")
    container = header["container"]
    webm = container.startswith("matroska") and codec in _WEBM[0]
    videos, sounds = _WEBM if webm else _MP4
    if codec not in videos:
        return _wait(f"This film's pictures are {_NAMED.get(codec, codec.upper())}, which browsers cannot play.")
    if header["pixel_format"] in ("", "none"):
        return _wait("This film's picture format cannot be read from its beginning.")
    if header["pixel_format"] not in _PICTURES:
        return _wait("This film has 10-bit or HDR colour, which browsers cannot play as it is.")
    encode_sound = sound is not None and sound not in sounds
    if webm and encode_sound:
        return _wait(f"This film's sound is {sound}, which browsers cannot play in it.")
    if webm:
        return Look("copy", ".webm")
    if container.startswith("mov") and header["brand"] != "qt" and not encode_sound and _moov_first(path):
        return Look("as_is")
    return Look("copy", ".mp4", encode_sound=encode_sound)


def make_copy(original: Path, target: Path, look: Look, duration_ms: int, *,
              should_cancel: Callable[[], bool] | None = None) -> Path:
    """Copy the original's picture (and sound) into ``target`` with its index first: no picture is re-encoded, so
    every frame keeps its time. Written to a partial file and published whole."""
    partial = target.with_name(target.stem + TEMP_SUFFIX + target.suffix)
    sound = ["-c:a", "aac", "-b:a", "128k"] if look.encode_sound else ["-c:a", "copy"]
    tail = ["-movflags", "+faststart", "-f", "mp4"] if look.suffix == ".mp4" else ["-f", "webm"]
    try:
        ffmpeg.run(["-i", str(original), "-map", "0:v:0", "-map", "0:a:0?", "-c:v", "copy", *sound,
                    "-map_metadata", "-1", *tail, str(partial)],
                   duration_ms=duration_ms, should_cancel=should_cancel, background=True)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


class _Facts(Shape, Protocol):
    audio_codec: str | None


def watch(file_name: str, facts: _Facts) -> FirstLook:
    """The first look at ``file_name``, with the review copy's frames as planned from the probe: clips marked on
    it are kept on them."""
    target = plan(facts)
    return FirstLook(file=file_name, grid=ProxyFacts(
        width=target.width, height=target.height, fps=target.fps, duration_ms=facts.duration_ms,
        has_audio=facts.audio_codec is not None, thumbnail_every_ms=THUMBNAIL_EVERY_S * 1000, thumbnails=0,
        size_bytes=0))
