"""Face tracks: one person's sightings joined across pictures, so one person is one track, gaps bridged.

Each picture's faces are matched to the tracks still open by overlap (IoU), or,
for a face that moved far between two pictures, by how near its centre is for
its size. A track survives a short gap (a turned head, a hand in front) and is
closed after a longer one. Between two sightings, and a little beyond its ends,
a track's box is carried along, so blurring never leaves a face bare for a frame.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .faces import Sighting, overlap

Box = tuple[float, float, float, float]
EDGE = 0.08  # a face this near the picture's side is at its edge
EDGE_REACH_MS = 3000


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
        ``reach_ms`` of it, moving on as it was moving. A face last seen at the picture's edge is carried on
        for longer (``EDGE_REACH_MS``): it is probably half out of the picture, where detectors miss it."""
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
    return max(reach_ms, EDGE_REACH_MS) if at_edge and reach_ms else reach_ms


def _box(s: Sighting) -> Box:
    return (s.x, s.y, s.w, s.h)


def _carried(seen: list[tuple[int, Sighting]], end: int, ms: int) -> Box:
    """The box at an end of a track, moved on at the speed it had over its last (or first) half second."""
    t_end, s_end = seen[end]
    near = [item for item in seen if abs(item[0] - t_end) <= 500 and item[0] != t_end]
    box = _box(s_end)
    if not near:
        return box
    t_other, s_other = near[0] if end == -1 else near[-1]
    other = _box(s_other)
    dx, dy = ((box[0] - other[0]) / (t_end - t_other), (box[1] - other[1]) / (t_end - t_other))
    return (box[0] + dx * (ms - t_end), box[1] + dy * (ms - t_end), box[2], box[3])


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
    return tracks


def boxes_at(tracks: list[Track], ms: int, reach_ms: int, leave: frozenset[int] = frozenset(),
             seen_within_ms: int = 200) -> list[Box]:
    """Every track's box at ``ms`` (carried up to ``reach_ms`` beyond its ends). A track in ``leave`` is left
    out only where it was actually seen (within ``seen_within_ms``): across its gaps it is blurred too, since
    what was missed there may not be the face that was chosen."""
    return [box for t in tracks if (box := t.box_at(ms, reach_ms)) is not None
            and not (t.number in leave and t.seen_near(ms, seen_within_ms))]
