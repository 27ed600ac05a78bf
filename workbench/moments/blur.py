"""Faces blurred in every frame of a clip or still, for use in training.

Blurring tools are known to let a face slip through for a frame or two, because
they look at each frame on its own. Here every frame of the clip (and a margin
either side) is looked at, the sightings are joined into tracks, and each track
is blurred between its sightings too and carried on a little past its ends, with
its box padded; where one track could run on into another, the way between is
blurred too. One track can be left clear (often the guider's own face).

Each frame is looked at 480 wide (big faces, fast moves), and every ``CLOSE_EVERY``-th frame at the
review copy's own size too, where a face 20 px high is still a face; the
tracks carry the small faces between those frames. Both looks take the
detector's faintest faces (``ANY``): a blurred patch of wall costs nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from ..media import frames
from .faces import ANY, Sighting, find_faces, overlap
from .look import size_for
from .tracks import Box, Track, boxes_at, bridges, join

GAP_MS = 5000  # a face missed for up to this long (looking down, a hand) stays one track, blurred throughout
PAD = 0.45  # each box grows by this share of its size on every side (a faint find is boxed loosely)
FADE = 0.8  # the outer share of the padding over which the blur fades out
REACH_MS = 700  # a track is carried this far past its first and last sighting
MARGIN_MS = 700  # frames looked at before and after the clip, so a track is whole at the clip's edges
SEEN_ENOUGH = 5
SOMEONE = 0.3  # a track is someone if the detector was this sure of it once
FORMAT = 2
MAX_PLAN_BYTES = 8 * 2**20
BLOCKS = 8  # a blurred face is this many blocks across, then smoothed: nothing of it can be made out
LOOK_WIDTH = 480  # every frame is looked at this wide...
CLOSE_EVERY = 4  # ... and every fourth at the review copy's own size, for the small faces
CLOSE_WIDTH = 1280
DOUBTS = 4  # the preview's frames where a face the tracks expect was not found


@dataclass
class FacePlan:
    """The faces of one stretch of film: its tracks, by frame time (ms from the film's start)."""

    first: int  # the stretch's first and last frame, at ``fps``
    last: int
    fps: int
    tracks: list[Track]
    bridged: list[Track] = field(init=False)

    def __post_init__(self) -> None:
        self.bridged = bridges(self.tracks, GAP_MS)

    @property
    def people(self) -> list[Track]:
        """The tracks seen long enough, and surely enough at least once, to be someone: those a guider may leave
        clear. The rest are blurred too; they are mostly not faces at all, and blurring them costs nothing."""
        return [t for t in self.tracks if len(t.seen) >= SEEN_ENOUGH and max(s.score for _, s in t.seen) >= SOMEONE]

    def ms(self, frame: int) -> int:
        return round(frame * 1000 / self.fps)

    def boxes(self, frame: int, leave: frozenset[int] = frozenset()) -> list[Box]:
        return boxes_at(self.tracks, self.ms(frame), REACH_MS, leave, bridged=self.bridged)

    def doubtful(self, count: int = DOUBTS) -> list[int]:
        """Frames of the clip where a face the tracks expect was not found: the middle of each track's longest
        gaps (and of each bridge), longest first. A guider looks there, where a miss is likeliest."""
        step = 1000 / self.fps
        gaps = []
        for track in [*self.tracks, *self.bridged]:
            times = [ms for ms, _ in track.seen]
            gaps += [(b - a, (a + b) // 2) for a, b in zip(times, times[1:], strict=False)
                     if b - a > (CLOSE_EVERY + 0.5) * step]  # longer than between two close looks
        frames: list[int] = []
        for _, middle in sorted(gaps, reverse=True):
            frame = round(middle / step)
            if self.first <= frame <= self.last and all(abs(frame - f) > self.fps // 2 for f in frames):
                frames.append(frame)
        return sorted(frames[:count])

    def to_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "first": self.first, "last": self.last, "fps": self.fps, "tracks": [
            [t.number, [[ms, s.x, s.y, s.w, s.h, s.yaw, s.pitch, s.score] for ms, s in t.seen]]
            for t in self.tracks]}).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> FacePlan:
        """The plan as kept; ValueError if anything in it is not what this module writes (a plan of the Haar
        cascades' days included: its faces are looked for again)."""
        if len(raw) > MAX_PLAN_BYTES:
            raise ValueError("too large to be a plan of faces")
        kept = json.loads(raw)
        if kept.get("format") != FORMAT:
            raise ValueError("another format")
        tracks = [Track(int(n), [(int(ms), Sighting(_fraction(x), _fraction(y), _fraction(w), _fraction(h),
                                                    float(yaw), float(pitch), float(score)))
                                 for ms, x, y, w, h, yaw, pitch, score in seen]) for n, seen in kept["tracks"]]
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


def look_closely(picture: np.ndarray, close: bool) -> list[Sighting]:
    """Every face in one frame of a clip: looked at ``LOOK_WIDTH`` wide and, if ``close``, at its own size (up to
    ``CLOSE_WIDTH``) too; a face found both ways counts once."""
    height, width = picture.shape[:2]
    w, h = size_for(width, height, widest=LOOK_WIDTH)
    found = find_faces(cv2.resize(picture, (w, h), interpolation=cv2.INTER_AREA) if w < width else picture, ANY)
    if close and width > w:
        fine = picture if width <= CLOSE_WIDTH else cv2.resize(picture, size_for(width, height, CLOSE_WIDTH),
                                                                 interpolation=cv2.INTER_AREA)
        near = find_faces(fine, ANY)
        found = near + [s for s in found if all(overlap(_at(s), _at(n)) < 0.4 for n in near)]
    return found


def _at(s: Sighting) -> Box:
    return (s.x, s.y, s.w, s.h)


def plan_faces(proxy: Path, width: int, height: int, fps: int, first: int, last: int, last_frame: int,
               on_progress: Callable[[float], None] | None = None, stop: Callable[[], bool] | None = None
               ) -> tuple[FacePlan, dict[int, np.ndarray]]:
    """Look at every frame from ``first`` to ``last`` (and a margin around them) and join the faces into tracks.

    Returns the plan, and for each track a picture of its face at its largest, for the guider to recognise.
    """
    margin = round(MARGIN_MS * fps / 1000)
    start, end = max(0, first - margin), min(last_frame, last + margin)
    seen: list[tuple[int, list[Sighting]]] = []
    kept: dict[int, np.ndarray] = {}
    total = end + 1 - start
    for n, picture in enumerate(frames.pictures(proxy, width=width, height=height, start_s=_seek(start, fps),
                                                frames=total, stop=stop)):
        ms = round((start + n) * 1000 / fps)
        seen.append((ms, look_closely(picture, close=(start + n) % CLOSE_EVERY == 0)))
        if n % 5 == 0:
            kept[ms] = cv2.resize(picture, size_for(width, height, LOOK_WIDTH), interpolation=cv2.INTER_AREA)
        if on_progress and n % 10 == 0:
            on_progress(n / total)
    tracks = join(seen, gap_ms=GAP_MS)
    faces = {}
    plan = FacePlan(first, last, fps, tracks)
    for track in plan.people:
        ms, biggest = max(((ms, s) for ms, s in track.seen if ms in kept), key=lambda p: p[1].w, default=(0, None))
        if biggest is not None:
            shown = kept[ms]
            x, y, bw, bh = _padded((biggest.x, biggest.y, biggest.w, biggest.h), shown.shape[1], shown.shape[0],
                                   pad=0.15)
            faces[track.number] = shown[y:y + bh, x:x + bw].copy()
    return plan, faces


def _padded(box: Box, width: int, height: int, pad: float = PAD) -> tuple[int, int, int, int]:
    x, y, w, h = box
    x0, y0 = max(0, int((x - pad * w) * width)), max(0, int((y - pad * h) * height))
    x1, y1 = min(width, int(np.ceil((x + w + pad * w) * width))), min(height, int(np.ceil((y + h + pad * h) * height)))
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def blur_faces(picture: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """``picture`` with every box (fractions of it), padded, made unrecognisable."""
    out = picture.copy()
    height, width = out.shape[:2]
    done: list[tuple[int, int, int, int]] = []
    for box in sorted(boxes, key=lambda b: -b[2] * b[3]):
        x, y, w, h = _padded(box, width, height)
        if w < 2 or h < 2 or any(_within((x, y, w, h), other) for other in done):
            continue  # already inside a larger blur: tracks and bridges of one face overlap
        # Only where the larger blur is whole counts: across its padding it fades, and a small face there (a
        # child beside a carer's shoulder) would keep half its detail.
        cx, cy, cw, ch = _padded(box, width, height, pad=PAD - FADE * PAD)
        done.append((cx + 1, cy + 1, max(0, cw - 2), max(0, ch - 2)))
        region = out[y:y + h, x:x + w]
        small = cv2.resize(region, (BLOCKS, max(1, round(BLOCKS * h / w))), interpolation=cv2.INTER_AREA)
        # Smoothed while small, then grown: the cost is the same for a face 20 px high as for one filling the
        # picture (a Gaussian at the full size, on a large box, took seconds a frame).
        small = cv2.GaussianBlur(small, (0, 0), 0.7, borderType=cv2.BORDER_REPLICATE)
        blurred = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
        alpha = _fade(box, (x, y, w, h), width, height)
        out[y:y + h, x:x + w] = (blurred * alpha + region.astype(np.float32) * (1 - alpha)).astype(np.uint8)
    return out


def _fade(box: Box, shown: tuple[int, int, int, int], width: int, height: int) -> np.ndarray:
    """How much of the blur each pixel of ``shown`` (the padded box, cut by the picture's edge) takes: all of it
    over the face, fading out across the padding, so the patch has no hard edge of its own (which draws the eye,
    and carries the detail a sharp line has). Where the picture's edge cuts the box, the blur runs to the edge."""
    x, y, w, h = box
    ramps = []
    for start, size, at, count, whole in ((x, w, shown[0], shown[2], width), (y, h, shown[1], shown[3], height)):
        outer0, outer1 = (start - PAD * size) * whole, (start + size + PAD * size) * whole
        edge = max(1.0, FADE * PAD * size * whole)
        pixels = np.arange(at, at + count, dtype=np.float32) + 0.5
        ramps.append(np.clip(np.minimum(pixels - outer0, outer1 - pixels) / edge, 0, 1))
    return np.minimum(ramps[1][:, None], ramps[0][None, :])[:, :, None]


def _within(rect: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    x, y, w, h = rect
    ox, oy, ow, oh = other
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def blurred_clip(proxy: Path, width: int, height: int, plan: FacePlan, target: Path, leave: frozenset[int],
                 on_progress: Callable[[float], None] | None = None, stop: Callable[[], bool] | None = None,
                 sound: bool = True) -> Path:
    """Write the plan's clip (its frames ``first``..``last``, with their sound if ``sound``) to ``target``,
    faces blurred."""
    fps, count = plan.fps, plan.last + 1 - plan.first
    seek, length = _seek(plan.first, fps), count / fps
    audio = ["-ss", f"{seek:.6f}", "-i", str(proxy)]
    trim = f"atrim=start={0.5 / fps:.6f}:end={0.5 / fps + length:.6f},asetpts=PTS-STARTPTS"
    # superfast: the copy is a few seconds long, so its size matters less than the guider's wait
    with frames.Writer(target, width=width, height=height, fps=fps, sound_args=audio if sound else None,
                       sound_filter=trim, preset="superfast") as out:
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
