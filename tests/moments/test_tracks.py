"""Face tracks: a face missed for a while stays covered, and two people never swap tracks."""

from __future__ import annotations

from workbench.moments.blur import GAP_MS, REACH_MS, FacePlan
from workbench.moments.faces import Sighting
from workbench.moments.tracks import boxes_at, join


def _at(x: float, y: float = 0.3, w: float = 0.15) -> Sighting:
    return Sighting(x, y, w, w * 16 / 9)


def test_a_face_missed_for_longer_than_a_blink_is_blurred_all_through_the_gap():
    # Seen for a second, then missed for 1.7 s (looking down), then seen again where it was.
    seen = [(ms, [_at(0.3)]) for ms in range(0, 1000, 40)] + [(ms, [_at(0.31)]) for ms in range(2700, 3500, 40)]
    tracks = join(seen, gap_ms=GAP_MS)
    assert len(tracks) == 1
    assert all(boxes_at(tracks, ms, REACH_MS) for ms in range(0, 3500, 40))


def test_a_face_appearing_near_one_that_was_lost_is_not_taken_for_it_after_a_gap():
    # The adult (left) is lost at 1.0 s; a child appears nearby at 1.6 s, moving in from the side.
    seen = [(ms, [_at(0.30)]) for ms in range(0, 1000, 40)] + [(ms, [_at(0.45)]) for ms in range(1600, 3000, 40)]
    tracks = join(seen, gap_ms=GAP_MS)
    assert len(tracks) == 2


def test_a_face_left_clear_is_blurred_wherever_it_was_not_seen():
    seen = [(ms, [_at(0.3)]) for ms in range(0, 1000, 40)] + [(ms, [_at(0.3)]) for ms in range(2000, 3000, 40)]
    (track,) = join(seen, gap_ms=GAP_MS)
    clear = frozenset({track.number})
    assert boxes_at([track], 500, REACH_MS, clear) == []  # seen here: left clear
    assert boxes_at([track], 1500, REACH_MS, clear) != []  # missed here: blurred, it may be someone else


def test_a_plan_with_impossible_values_is_refused():
    import pytest

    good = FacePlan(0, 10, 25, join([(0, [_at(0.3)])]))
    assert FacePlan.from_json(good.to_json()).tracks[0].seen[0][1].x == 0.3
    for bad in (b'{"first": 0, "last": 10, "fps": 0, "tracks": []}',
                b'{"first": 5, "last": 1, "fps": 25, "tracks": []}',
                b'{"first": 0, "last": 1, "fps": 25, "tracks": [[1, []]]}',
                b'{"first": 0, "last": 1, "fps": 25, "tracks": [[1, [[0, NaN, 0, 1, 1, "frontal"]]]]}'):
        with pytest.raises((ValueError, KeyError, TypeError)):
            FacePlan.from_json(bad)
