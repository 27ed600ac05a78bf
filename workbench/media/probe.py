"""What a film is: duration, frame rate, size, rotation, codecs, sound, and whether it is whole.

There is no ffprobe in the bundled ffmpeg, so this reads what ``ffmpeg -i``
prints, then reads every video packet once by stream copy (no decoding, so it
is quick even for 2 GB) to learn the real frame timing and where the film
really ends. That catches truncated files whose index claims a full length.
"""

from __future__ import annotations

import os
import re
import statistics
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

from ..core.errors import FilmRejected
from ..core.words import seconds
from . import ffmpeg

_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_START = re.compile(r"\bstart: (-?[\d.]+)")
_CONTAINER = re.compile(r"^Input #0, ([\w,]+), from", re.M)
_BRAND = re.compile(r"^\s*major_brand\s*:\s*(\S+)", re.M)
_PICTURE = re.compile(r"\), (\w+)[(,]")  # after the codec and its tag: "yuv420p(progressive)" or "yuv420p,"
_STREAM = re.compile(r"^\s*Stream #\d+:\d+.*?: (Video|Audio|Subtitle|Data): (.*)$", re.M)
_SIZE = re.compile(r",\s*(\d{2,5})x(\d{2,5})")
_SAR = re.compile(r"\[SAR (\d+):(\d+)")
_FPS = re.compile(r"([\d.]+)(k?) fps")
_TBR = re.compile(r"([\d.]+)(k?) tbr")
_ROTATION = re.compile(r"rotation of (-?[\d.]+) degrees")
_INTERLACED = re.compile(r"\b(top|bottom)( coded)? first\b")  # the field order ffmpeg reads from the stream


@dataclass(frozen=True)
class FilmProbe:
    duration_ms: int           # as the file declares it
    playable_ms: int           # where its packets really end
    coded_width: int
    coded_height: int
    rotation: int              # display rotation in degrees, normalised to 0, 90, 180 or 270
    width: int                 # as shown: rotated, square pixels
    height: int
    fps: float                 # average frame rate
    variable_frame_rate: bool
    video_codec: str
    audio_codec: str | None
    frames: int
    interlaced: bool = False   # two fields a frame, as camcorders record 1080i

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def portrait(self) -> bool:
        return self.height > self.width


def _streams(text: str) -> list[tuple[str, str]]:
    """(kind, description) of each stream, with any side data of that stream appended."""
    found = []
    matches = list(_STREAM.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        found.append((match.group(1), match.group(2) + "\n" + text[match.end():end]))
    return found


def _rate(pattern: re.Pattern, text: str) -> float | None:
    match = pattern.search(text)
    if not match:
        return None
    return float(match.group(1)) * (1000 if match.group(2) else 1)


NOT_A_VIDEO = ("This file is not a video the workbench can read. Check that you chose the film itself, for "
               "example an .mp4 or .mov file from the camera or phone.")


def _starts_like_mp4(path: Path) -> bool:
    """MP4 and MOV files open with a box such as 'ftyp' at byte 4; a renamed document does not."""
    with open(path, "rb") as handle:
        head = handle.read(12)
    return head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")


def read_header(path: Path) -> dict:
    """Parse ``ffmpeg -i``; raises FilmRejected for what is plainly not a usable film."""
    text = ffmpeg.describe(path)
    if "moov atom not found" in text:
        if not _starts_like_mp4(path):
            raise FilmRejected(NOT_A_VIDEO)
        raise FilmRejected(
            "This film was not finished properly (the recording or the copy was cut off before the end), "
            "so it cannot be opened. Copy it from the camera again and add the new copy.")
    streams = _streams(text)
    video = [d for kind, d in streams if kind == "Video" and "(attached pic)" not in d]
    audio = [d for kind, d in streams if kind == "Audio"]
    if not video and audio:
        raise FilmRejected("This file has sound but no picture. Choose the video file from the camera, "
                           "not an audio recording.")
    if not video:
        raise FilmRejected(NOT_A_VIDEO)
    description = video[0]
    size = _SIZE.search(description)
    duration = _DURATION.search(text)
    if not size or not duration:
        raise FilmRejected("This video's size or length cannot be read, so it cannot be used. Export it again "
                           "as an MP4 file and add that.")
    codec = description.split(maxsplit=1)[0].strip(",")
    rotation_match = _ROTATION.search(description)
    rotation = round(float(rotation_match.group(1))) % 360 if rotation_match else 0
    sar = _SAR.search(description)
    start = _START.search(text)
    picture = _PICTURE.search(description)
    container, brand = _CONTAINER.search(text), _BRAND.search(text)
    return {
        "duration_ms": round((int(duration.group(1)) * 3600 + int(duration.group(2)) * 60
                              + float(duration.group(3))) * 1000),
        "coded_width": int(size.group(1)), "coded_height": int(size.group(2)),
        "sar": Fraction(int(sar.group(1)), int(sar.group(2))) if sar and int(sar.group(2)) else Fraction(1),
        "rotation": rotation if rotation in (0, 90, 180, 270) else 0,
        "fps": _rate(_FPS, description) or _rate(_TBR, description) or 0.0,
        "video_codec": codec,
        "interlaced": bool(_INTERLACED.search(description)),
        "audio_codec": audio[0].split(maxsplit=1)[0].strip(",") if audio else None,
        # For watching before the review copy is made (``first_look``): where the timing starts, the container,
        # its brand (``qt`` for a QuickTime file) and the picture's pixel format
        "start_ms": round(float(start.group(1)) * 1000) if start else 0,
        "container": container.group(1) if container else "",
        "brand": brand.group(1) if brand else "",
        "pixel_format": picture.group(1) if picture else "",
    }


def read_packets(path: Path) -> dict:
    """Frame count, real end and frame-timing regularity from a stream-copy pass over the video."""
    text, log = ffmpeg.packets(path)
    timebase = Fraction(1, 1000)
    pts: list[int] = []
    ends: list[int] = []
    for line in text.splitlines():
        if line.startswith("#tb 0:"):
            num, den = line.split(":", 1)[1].strip().split("/")
            timebase = Fraction(int(num), int(den))
        elif line and not line.startswith("#"):
            fields = [f.strip() for f in line.split(",")]
            if len(fields) >= 5 and fields[0] == "0":
                pts.append(int(fields[2]))
                ends.append(int(fields[2]) + int(fields[3]))
    if not pts:
        raise FilmRejected("No pictures could be read from this video; the file may be damaged. "
                           "Copy it from the camera again.")
    pts.sort()
    deltas = [b - a for a, b in pairwise(pts) if b > a]
    variable = False
    if len(deltas) > 2:
        typical = statistics.median(deltas)
        variable = max(deltas) - min(deltas) > max(2, typical * 0.1)
    return {
        "frames": len(pts),
        "playable_ms": round((max(ends) - pts[0]) * timebase * 1000),
        "variable_frame_rate": variable,
        "cut_short": "partial file" in log,
    }


def probe(path: os.PathLike | str, *, max_duration_ms: int | None = None) -> FilmProbe:
    """Everything the workbench needs to know about a film, or FilmRejected with what to do."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise FilmRejected("The film file could not be found or opened. Check the file and try again.") from None
    if size == 0:
        raise FilmRejected("This file is empty (0 bytes), so there is no film in it. Copy the film from the "
                           "camera again and add that copy.")
    header = read_header(path)
    if max_duration_ms and header["duration_ms"] > max_duration_ms:
        raise FilmRejected(
            f"This film lasts {seconds(header['duration_ms'])}, longer than the {seconds(max_duration_ms)} limit. "
            "Trim it to the activity first, or raise the limit in the settings.")
    packets = read_packets(path)
    declared, playable = header["duration_ms"], packets["playable_ms"]
    if packets["cut_short"] or playable < declared - max(500, declared * 0.02):
        raise FilmRejected(
            f"This film is incomplete: its pictures stop at {seconds(playable)} of the {seconds(declared)} it "
            "should last, probably because the recording or the copy was cut off. Copy it from the camera again.")
    width = round(header["coded_width"] * header["sar"])
    height = header["coded_height"]
    if header["rotation"] in (90, 270):
        width, height = height, width
    fps = header["fps"] or (packets["frames"] * 1000 / playable if playable else 0.0)
    return FilmProbe(
        duration_ms=declared, playable_ms=playable, coded_width=header["coded_width"],
        coded_height=header["coded_height"], rotation=header["rotation"], width=width, height=height,
        fps=fps, variable_frame_rate=packets["variable_frame_rate"], video_codec=header["video_codec"],
        audio_codec=header["audio_codec"], frames=packets["frames"], interlaced=header["interlaced"],
    )
