"""Faces blurred in every frame of a clip or still, for use in training.

Blurring tools are known to let a face slip through for a frame or two, because
they look at each frame on its own. Here every frame of the clip (and a margin
either side) is looked at, the sightings are joined into tracks, and each track
is blurred between its sightings too and carried on a little past its ends, with
its box padded. One track can be left clear (often the guider's own face).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ..media import frames
from .faces import Sighting, find_faces
from .look import size_for
from .tracks import Box, Track, boxes_at, join

GAP_MS = 5000  # a face missed for up to this long (looking down, a hand) stays one track, blurred throughout
PAD = 0.35  # each box grows by this share of its size on every side
REACH_MS = 700  # a track is carried this far past its first and last sighting
MARGIN_MS = 700  # frames looked at before and after the clip, so a track is whole at the clip's edges
SEEN_ENOUGH = 5
BLOCKS = 8  # a blurred face is this many blocks across, then smoothed: nothing of it can be made out


@dataclass
class FacePlan:
    """The faces of one stretch of film: its tracks, by frame time (ms from the film's start)."""

    first: int  # the stretch's first and last frame, at ``fps``
    last: int
    fps: int
    tracks: list[Track]

    @property
    def people(self) -> list[Track]:
        """The tracks seen long enough to be someone (a few frames at least): those a guider may leave clear.
        Briefer ones are blurred too; they are mostly not faces at all, and blurring them costs nothing."""
        return [t for t in self.tracks if len(t.seen) >= SEEN_ENOUGH]

    def ms(self, frame: int) -> int:
        return round(frame * 1000 / self.fps)

    def boxes(self, frame: int, leave: frozenset[int] = frozenset()) -> list[Box]:
        return boxes_at(self.tracks, self.ms(frame), REACH_MS, leave)

    def to_json(self) -> bytes:
        return json.dumps({"first": self.first, "last": self.last, "fps": self.fps, "tracks": [
            [t.number, [[ms, s.x, s.y, s.w, s.h, s.looks] for ms, s in t.seen]] for t in self.tracks]}).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> FacePlan:
        """The plan as kept; ValueError if anything in it is not what this module writes."""
        kept = json.loads(raw)
        tracks = [Track(int(n), [(int(ms), Sighting(_fraction(x), _fraction(y), _fraction(w), _fraction(h), str(looks)))
                                 for ms, x, y, w, h, looks in seen]) for n, seen in kept["tracks"]]
        plan = cls(int(kept["first"]), int(kept["last"]), int(kept["fps"]), tracks)
        if not (0 < plan.fps <= 240 and 0 <= plan.first <= plan.last) or any(not t.seen for t in tracks):
            raise ValueError("not a plan of faces")
        return plan


def _fraction(value: object) -> float:
    number = float(value)  # type: ignore[arg-type]
    if not -1.0 <= number <= 2.0:  # NaN fails too
        raise ValueError("not a part of the picture")
    return number


def _seek(frame: int, fps: int) -> float:
    return max(0.0, (frame - 0.5) / fps)  # as the frame-exact export: never skip the wanted frame


def plan_faces(proxy: Path, width: int, height: int, fps: int, first: int, last: int, last_frame: int,
               on_progress: Callable[[float], None] | None = None, stop: Callable[[], bool] | None = None
               ) -> tuple[FacePlan, dict[int, np.ndarray]]:
    """Look at every frame from ``first`` to ``last`` (and a margin around them) and join the faces into tracks.

    Returns the plan, and for each track a picture of its face at its largest, for the guider to recognise.
    """
    margin = round(MARGIN_MS * fps / 1000)
    start, end = max(0, first - margin), min(last_frame, last + margin)
    w, h = size_for(width, height, widest=640)  # finer than the analysis pass: a face missed here is seen
    seen: list[tuple[int, list[Sighting]]] = []
    kept: dict[int, np.ndarray] = {}
    total = end + 1 - start
    for n, picture in enumerate(frames.pictures(proxy, width=w, height=h, start_s=_seek(start, fps),
                                                frames=total, stop=stop)):
        ms = round((start + n) * 1000 / fps)
        seen.append((ms, find_faces(picture, step=1.15)))
        if n % 5 == 0:
            kept[ms] = picture.copy()
        if on_progress and n % 10 == 0:
            on_progress(n / total)
    tracks = join(seen, gap_ms=GAP_MS)
    faces = {}
    for track in (t for t in tracks if len(t.seen) >= SEEN_ENOUGH):
        ms, biggest = max(((ms, s) for ms, s in track.seen if ms in kept), key=lambda p: p[1].w, default=(0, None))
        if biggest is not None:
            x, y, bw, bh = _padded((biggest.x, biggest.y, biggest.w, biggest.h), w, h, pad=0.15)
            faces[track.number] = kept[ms][y:y + bh, x:x + bw].copy()
    return FacePlan(first, last, fps, tracks), faces


def _padded(box: Box, width: int, height: int, pad: float = PAD) -> tuple[int, int, int, int]:
    x, y, w, h = box
    x0, y0 = max(0, int((x - pad * w) * width)), max(0, int((y - pad * h) * height))
    x1, y1 = min(width, int(np.ceil((x + w + pad * w) * width))), min(height, int(np.ceil((y + h + pad * h) * height)))
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def blur_faces(picture: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """``picture`` with every box (fractions of it), padded, made unrecognisable."""
    out = picture.copy()
    height, width = out.shape[:2]
    for box in boxes:
        x, y, w, h = _padded(box, width, height)
        if w < 2 or h < 2:
            continue
        region = out[y:y + h, x:x + w]
        small = cv2.resize(region, (BLOCKS, max(1, round(BLOCKS * h / w))), interpolation=cv2.INTER_AREA)
        coarse = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        out[y:y + h, x:x + w] = cv2.GaussianBlur(coarse, (0, 0), max(2.0, w / 12))
    return out


def blurred_clip(proxy: Path, width: int, height: int, plan: FacePlan, target: Path, leave: frozenset[int],
                 on_progress: Callable[[float], None] | None = None, stop: Callable[[], bool] | None = None,
                 sound: bool = True) -> Path:
    """Write the plan's clip (its frames ``first``..``last``, with their sound if ``sound``) to ``target``,
    faces blurred."""
    fps, count = plan.fps, plan.last + 1 - plan.first
    seek, length = _seek(plan.first, fps), count / fps
    audio = ["-ss", f"{seek:.6f}", "-i", str(proxy)]
    trim = f"atrim=start={0.5 / fps:.6f}:end={0.5 / fps + length:.6f},asetpts=PTS-STARTPTS"
    with frames.Writer(target, width=width, height=height, fps=fps, sound_args=audio if sound else None,
                       sound_filter=trim) as out:
        for n, picture in enumerate(frames.pictures(proxy, width=width, height=height, start_s=seek, frames=count,
                                                    stop=stop)):
            out.write(blur_faces(picture, plan.boxes(plan.first + n, leave)))
            if on_progress and n % 10 == 0:
                on_progress(n / count)
    return target


def blurred_picture(proxy: Path, width: int, height: int, plan: FacePlan, frame: int,
                    leave: frozenset[int]) -> np.ndarray:
    """One frame of the plan's stretch, faces blurred (for the still, and for the preview)."""
    reading = frames.pictures(proxy, width=width, height=height, start_s=_seek(frame, plan.fps), frames=1)
    try:
        picture = next(reading)
    finally:
        reading.close()  # ffmpeg is reaped now, not whenever the generator is collected
    return blur_faces(picture, plan.boxes(frame, leave))
