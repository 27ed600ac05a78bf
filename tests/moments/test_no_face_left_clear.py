"""A training copy of a slow pan and zoom over a table of faces, some turned and some looking down: no face clear.

A face is clear in a frame when its region keeps more than half the fine detail (variance of the Laplacian) it
has in the review copy. The copy is made by the training jobs' own functions, from a real review copy.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench import FamilyStore
from workbench.cycle import analysis
from workbench.media import frames
from workbench.media.library import ready_film
from workbench.moments.pan_scene import clear_faces, make_pan_scene
from workbench.supervision import training

from ..films import family_with_scene

CLIP = (0, 6000)


@pytest.fixture(scope="module")
def copied(tmp_path_factory):
    """The pan film's training copy, every face blurred, and the review copy it was made from."""
    folder = tmp_path_factory.mktemp("pan")
    scene = make_pan_scene(folder / "table.mp4", seconds=7.0)
    store = FamilyStore(folder / "data")
    code = family_with_scene(store, scene)
    clip = store.update(code, lambda f: analysis.add_clip(f, 1, *CLIP))
    store.update(code, lambda f: analysis.choose_still(f, 1, clip.id, 2540))
    training.find_faces(store, code, 1, clip.id, lambda p: None, lambda: False)
    copy = training.make_blurred(store, code, 1, clip.id, 0, "ada", lambda p: None, lambda: False)
    film = ready_film(store, store.load(code), 1)
    clip = store.load(code).cycle(1).clips[0]
    found = training.faces_found(store, store.load(code), 1, clip)
    return scene, film, found.plan, copy, clip, store, code


def test_no_face_is_clear_in_any_frame_of_the_copy_and_the_rest_of_the_room_is_left_sharp(copied):
    scene, film, plan, copy, *_ = copied
    assert (film.proxy.width, film.proxy.height, film.proxy.fps) == (scene.width, scene.height, scene.fps)
    size = dict(width=scene.width, height=scene.height)
    out = [p.copy() for p in frames.pictures(copy, **size)]
    assert len(out) == plan.last + 1 - plan.first
    original = [p.copy() for p in frames.pictures(film.files.proxy, start_s=(plan.first - 0.5) / scene.fps,
                                                   frames=len(out), **size)]
    face_frames = sum(len(scene.faces[plan.first + n]) for n in range(len(out)))
    clear = [(plan.first + n, box) for n, (a, b) in enumerate(zip(original, out, strict=True))
             for box in clear_faces(a, b, scene.faces[plan.first + n])]
    assert face_frames > 700  # eight people, most in the picture most of the time
    assert clear == []
    kept = []
    for n, (a, b) in enumerate(zip(original, out, strict=True)):
        away = np.ones(a.shape[:2], bool)  # the room, away from every face and its padding
        for x, y, w, h in scene.faces[plan.first + n]:
            away[max(0, y - h):y + 2 * h, max(0, x - w):x + 2 * w] = False
        if away.sum() > 0.2 * away.size:
            laplace = [cv2.Laplacian(cv2.cvtColor(p, cv2.COLOR_BGR2GRAY), cv2.CV_64F)[away].var() for p in (a, b)]
            kept.append(laplace[1] / laplace[0])
    assert np.mean(kept) >= 0.6  # blurring the whole picture would hide every face too: that is not the answer


def test_the_still_of_the_copy_shows_no_face_either(copied):
    scene, film, plan, copy, clip, *_ = copied
    still = cv2.imread(str(copy.with_suffix(".jpg")))
    frame = round(clip.still_at_ms * plan.fps / 1000)  # as the copy's still is taken
    reading = frames.pictures(film.files.proxy, width=scene.width, height=scene.height,
                              start_s=(frame - 0.5) / scene.fps, frames=1)
    original = next(reading)
    reading.close()
    assert still.shape == original.shape and len(scene.faces[frame]) >= 6
    assert clear_faces(original, still, scene.faces[frame]) == []


def test_the_preview_shows_where_a_face_was_missed_for_a_moment_blurred_as_the_copy(copied):
    scene, film, plan, _, clip, store, code = copied
    stills = training.preview(store, store.load(code), 1, clip)
    doubts = [s for s in stills if s.doubtful]
    assert doubts and [s.ms for s in doubts] == [plan.ms(f) for f in plan.doubtful()]
    for still in doubts:
        frame = round(still.ms * plan.fps / 1000)
        reading = frames.pictures(film.files.proxy, width=scene.width, height=scene.height,
                                  start_s=(frame - 0.5) / scene.fps, frames=1)
        original = next(reading)
        reading.close()
        assert clear_faces(original, cv2.imread(str(still.path)), scene.faces[frame]) == []
