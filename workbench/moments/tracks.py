"""Face tracks: one person's sightings joined across pictures, so one person is one track, gaps bridged.

Each picture's faces are matched to the tracks still open by overlap (IoU), or,
for a face that moved far between two pictures, by how near its centre is for
its size. A track survives a short gap (a turned head, a hand in front) and is
closed after a longer one. Between two sightings, and a little beyond its ends,
a track's box is carried along, so blurring never leaves a face bare for a frame.

A sighting or two on their own next to a track, in its place and size, are
joined to it (a detector's flicker must not split one face in two with a bare
gap between). Where one track ends and another begins soon after, near enough
to be the same person, a *bridge* covers the way between: it is always blurred,
whoever was chosen to stay clear, since it may be either of them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .faces import Sighting, overlap

Box = tuple[float, float, float, float]
EDGE = 0.08  # a face this near the picture's side is at its edge
EDGE_REACH_MS = 3000
FAINT = 0.3  # a sighting this unsure at a track's end is carried as far as one at the picture's edge
LONE = 3  # a track of this few sightings is a flicker, joined to a track beside it if one could be the same face
SPEED = 0.15  # a face moves at most this share of the picture a second while it is missed (a child crossing it)


@dataclass
class Track:
    """One face over time: (ms, sighting) pairs in time order."""

    number: int
    seen: list[tuple[int, Sighting]] = field(default_factory=list)

    @property
    def first_ms(self) -> int:
        return self.seen[0][0]

    @property
    def last_ms(self) -> int:
        return self.seen[-1][0]

    def seen_near(self, ms: int, within_ms: int) -> bool:
        times = [t for t, _ in self.seen]
        i = bisect_left(times, ms)
        return any(0 <= j < len(times) and abs(times[j] - ms) <= within_ms for j in (i - 1, i))

    def box_at(self, ms: int, reach_ms: int = 0) -> Box | None:
        """The box at ``ms``: a sighting's, or one between two sightings (linear), or the nearest end's within
        ``reach_ms`` of it, moving on as it was moving. A face last seen at the picture's edge, or only faintly,
        is carried on for longer (``EDGE_REACH_MS``): it is probably half out of the picture, or just beyond what
        the detector can find."""
        seen = self.seen
        if ms < seen[0][0]:
            return _carried(seen, 0, ms) if seen[0][0] - ms <= _reach(seen[0][1], reach_ms) else None
        if ms > seen[-1][0]:
            return _carried(seen, -1, ms) if ms - seen[-1][0] <= _reach(seen[-1][1], reach_ms) else None
        low, high = 0, len(seen) - 1
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if seen[middle][0] <= ms else (low, middle)
        (t0, a), (t1, b) = seen[low], seen[high]
        share = 0.0 if t1 == t0 else (ms - t0) / (t1 - t0)
        return tuple(p + (q - p) * share for p, q in zip(_box(a), _box(b), strict=True))  # type: ignore[return-value]


def _reach(s: Sighting, reach_ms: int) -> int:
    at_edge = s.x < EDGE or s.y < EDGE or s.x + s.w > 1 - EDGE or s.y + s.h > 1 - EDGE
    # Found only faintly at its end: the detector was at its limit there, so the face was most likely in the
    # picture, unfound, for a while beyond (a dim face in a slow pan was first found 1.1 s into a clip).
    faint = s.score < FAINT
    return max(reach_ms, EDGE_REACH_MS) if (at_edge or faint) and reach_ms else reach_ms


def _box(s: Sighting) -> Box:
    return (s.x, s.y, s.w, s.h)


def _carried(seen: list[tuple[int, Sighting]], end: int, ms: int) -> Box:
    """The box at an end of a track, moved on (and grown or shrunk, as a camera zooms) at the rate it had over
    its last (or first) half second, together with where it was last seen."""
    t_end, s_end = seen[end]
    near = [item for item in seen if abs(item[0] - t_end) <= 500 and item[0] != t_end]
    box = _box(s_end)
    if not near:
        return box
    t_other, s_other = near[0] if end == -1 else near[-1]
    other = _box(s_other)
    span = t_end - t_other
    centre = [(box[i] + box[i + 2] / 2 - other[i] - other[i + 2] / 2) / span for i in (0, 1)]
    grow = [min(2.0, max(0.5, 1 + (box[i] / max(1e-9, other[i]) - 1) * (ms - t_end) / span)) for i in (2, 3)]
    w, h = box[2] * grow[0], box[3] * grow[1]
    cx, cy = box[0] + box[2] / 2 + centre[0] * (ms - t_end), box[1] + box[3] / 2 + centre[1] * (ms - t_end)
    return _union(box, (cx - w / 2, cy - h / 2, w, h))  # where it was and where it was heading


def _union(a: Box, b: Box) -> Box:
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    return (x0, y0, max(a[0] + a[2], b[0] + b[2]) - x0, max(a[1] + a[3], b[1] + b[3]) - y0)


def _near(box: Box, other: Box) -> bool:
    (x, y, w, h), (ox, oy, ow, oh) = box, other
    dx, dy = (x + w / 2) - (ox + ow / 2), (y + h / 2) - (oy + oh / 2)
    size = max(w, h, ow, oh)
    return (dx * dx + dy * dy) ** 0.5 < 0.8 * size and 0.6 < (w * h) / max(1e-9, ow * oh) < 1.7


def join(pictures: list[tuple[int, list[Sighting]]], gap_ms: int = 1500, near_ms: int = 500) -> list[Track]:
    """The tracks in a run of pictures, each (ms, sightings) in time order; a track closes after ``gap_ms``
    without a sighting. A face that moved far joins a track only if it was seen within ``near_ms``: after a
    longer gap only a face where the track was (by overlap) joins it, so two people never swap tracks."""
    tracks: list[Track] = []
    open_: list[Track] = []
    for ms, sightings in pictures:
        open_ = [t for t in open_ if ms - t.last_ms <= gap_ms]
        pairs = sorted(((overlap(_box(s), _box(t.seen[-1][1])), i, t.number) for i, s in enumerate(sightings)
                        for t in open_), reverse=True)
        taken_s: set[int] = set()
        taken_t: set[int] = set()
        by_number = {t.number: t for t in open_}
        for score, i, number in pairs:
            if i in taken_s or number in taken_t:
                continue
            last_ms, last = by_number[number].seen[-1]
            if score >= 0.3 or (ms - last_ms <= near_ms and (score >= 0.2 or _near(_box(sightings[i]), _box(last)))):
                by_number[number].seen.append((ms, sightings[i]))
                taken_s.add(i)
                taken_t.add(number)
        for i, sighting in enumerate(sightings):
            if i not in taken_s:
                track = Track(len(tracks) + 1, [(ms, sighting)])
                tracks.append(track)
                open_.append(track)
    return _lone_joined(tracks, gap_ms)


def could_be_one(a: Track, b: Track, gap_ms: int) -> bool:
    """Whether ``b``, beginning after ``a`` ends, could be the same face: soon enough, a like size, and no
    further than a face could move in the time between."""
    between = b.first_ms - a.last_ms
    if not 0 < between <= gap_ms:
        return False
    end, start = _box(a.seen[-1][1]), _box(b.seen[0][1])
    size = max(end[2], end[3], start[2], start[3])
    if not 0.4 < (start[2] * start[3]) / max(1e-9, end[2] * end[3]) < 2.5:
        return False
    dx = (start[0] + start[2] / 2) - (end[0] + end[2] / 2)
    dy = (start[1] + start[3] / 2) - (end[1] + end[3] / 2)
    return (dx * dx + dy * dy) ** 0.5 <= 1.5 * size + SPEED * between / 1000


def _lone_joined(tracks: list[Track], gap_ms: int) -> list[Track]:
    """Each flicker of a track (a few sightings) joined to a longer track just before or after it, if one
    could be the same face; tracks are then numbered afresh in order of first sighting."""
    kept = sorted(tracks, key=lambda t: t.first_ms)
    for lone in [t for t in kept if len(t.seen) <= LONE]:
        others = [t for t in kept if t is not lone and len(t.seen) > LONE]
        after = [t for t in others if could_be_one(lone, t, gap_ms)]
        before = [t for t in others if could_be_one(t, lone, gap_ms)]
        near = min(after, key=lambda t: t.first_ms - lone.last_ms, default=None) or \
            max(before, key=lambda t: t.last_ms, default=None)
        if near is not None:
            near.seen = sorted(near.seen + lone.seen, key=lambda item: item[0])
            kept.remove(lone)
    return [Track(n, t.seen) for n, t in enumerate(kept, start=1)]


def bridges(tracks: list[Track], gap_ms: int) -> list[Track]:
    """For each track that ends, and each that begins soon after where it could be the same face, a track of
    the two ends alone: between them the blur covers the whole way."""
    return [Track(0, [a.seen[-1], b.seen[0]]) for a in tracks for b in tracks
            if a is not b and could_be_one(a, b, gap_ms)]


def boxes_at(tracks: list[Track], ms: int, reach_ms: int, leave: frozenset[int] = frozenset(),
             seen_within_ms: int = 200, bridged: list[Track] | None = None) -> list[Box]:
    """Every track's box at ``ms`` (carried up to ``reach_ms`` beyond its ends), and every bridge's. A track in
    ``leave`` is left out only where it was actually seen (within ``seen_within_ms``): across its gaps it is
    blurred too, since what was missed there may not be the face that was chosen. Bridges are never left out."""
    boxes = [box for t in tracks if (box := t.box_at(ms, reach_ms)) is not None
             and not (t.number in leave and t.seen_near(ms, seen_within_ms))]
    return boxes + [box for t in bridged or [] if (box := t.box_at(ms)) is not None]
