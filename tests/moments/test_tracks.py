"""Face tracks: a face missed for a while stays covered, and two people never swap tracks."""

from __future__ import annotations

import cv2
import numpy as np

from workbench.moments.blur import GAP_MS, REACH_MS, FacePlan, blur_faces
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
    for bad in (b'{"format": 2, "first": 0, "last": 10, "fps": 0, "tracks": []}',
                b'{"format": 2, "first": 5, "last": 1, "fps": 25, "tracks": []}',
                b'{"format": 2, "first": 0, "last": 1, "fps": 25, "tracks": [[1, []]]}',
                b'{"format": 2, "first": 0, "last": 1, "fps": 25, "tracks": [[1, [[0, NaN, 0, 1, 1, 0, 0, 1]]]]}'):
        with pytest.raises((ValueError, KeyError, TypeError)):
            FacePlan.from_json(bad)


def test_a_face_seen_once_then_lost_for_1_6_s_then_seen_again_is_one_track_blurred_all_the_way():
    # The walkthrough's case: the smaller face is found once at 360 ms, missed until 2,000 ms, and has moved.
    moving = [(ms, [_at(0.30 + ms / 40_000, w=0.08)]) for ms in range(2000, 4000, 40)]
    seen = [(360, [_at(0.309, w=0.08)]), *moving]
    tracks = join(seen, gap_ms=GAP_MS)
    assert len(tracks) == 1 and tracks[0].first_ms == 360
    plan = FacePlan(0, 99, 25, tracks)
    for frame in range(9, 100):  # 360 ms to the end: never a frame without a box over the face
        assert plan.boxes(frame), frame


def test_two_tracks_that_could_be_one_face_are_bridged_and_the_bridge_is_never_left_clear():
    before = [(ms, [_at(0.30)]) for ms in range(0, 1000, 40)]
    after = [(ms, [_at(0.42)]) for ms in range(2600, 3600, 40)]  # moved while missed: too far to be joined
    tracks = join(before + after, gap_ms=GAP_MS)
    assert len(tracks) == 2
    plan = FacePlan(0, 89, 25, tracks)
    assert len(plan.bridged) == 1
    everyone = frozenset(t.number for t in tracks)
    for frame in range(0, 90):
        boxes = plan.boxes(frame)
        assert boxes, frame
        if 30 <= frame <= 60:  # in the gap, even with both tracks left clear, the bridge blurs
            assert plan.boxes(frame, everyone), frame
    assert plan.doubtful(), "the gap is where a guider should look"


def test_faces_far_apart_in_place_or_size_are_not_bridged():
    a = [(ms, [_at(0.10)]) for ms in range(0, 1000, 40)]
    b = [(ms, [_at(0.85)]) for ms in range(1200, 2000, 40)]  # the other side of the room a moment later
    c = [(ms, [_at(0.12, w=0.45)]) for ms in range(1200, 2000, 40)]  # four times the size
    assert FacePlan(0, 50, 25, join(a + b, gap_ms=GAP_MS)).bridged == []
    assert FacePlan(0, 50, 25, join(a + c, gap_ms=GAP_MS)).bridged == []


def test_a_small_face_in_the_fading_edge_of_a_larger_blur_is_blurred_in_full():
    """A child's face just below a carer's: inside the carer's padded patch, but where that patch fades out."""
    picture = np.random.default_rng(7).integers(0, 256, (720, 1280, 3), dtype=np.uint8)  # all fine detail
    carer = (349 / 1280, 22 / 720, 148 / 1280, 292 / 720)
    child = (299.5 / 1280, 404 / 720, 23 / 1280, 27 / 720)  # its padded box only just inside the carer's
    x, y, w, h = 300, 404, 23, 26
    before, after = picture, blur_faces(picture, [carer, child])
    laplace = [cv2.Laplacian(cv2.cvtColor(p[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()
               for p in (before, after)]
    assert laplace[1] < 0.1 * laplace[0]


def test_a_face_first_found_faintly_is_blurred_well_before_it_was_found_and_a_sure_one_is_not():
    """A dim face in a slow pan was first found, faintly, 1.1 s into a clip it was in from the start."""
    faint = [Sighting(0.47, 0.55, 0.04, 0.07, score=0.06), Sighting(0.47, 0.55, 0.04, 0.07, score=0.15)]
    sure = [Sighting(0.2, 0.3, 0.05, 0.09, score=0.9), Sighting(0.2, 0.3, 0.05, 0.09, score=0.9)]
    (dim,) = join([(2000, [faint[0]]), (2040, [faint[1]])])
    (clear,) = join([(2000, [sure[0]]), (2040, [sure[1]])])
    assert dim.box_at(2000 - 2500, REACH_MS) is not None  # carried back as far as a face at the edge
    assert clear.box_at(2000 - REACH_MS, REACH_MS) is not None and clear.box_at(2000 - 1500, REACH_MS) is None
