"""Training copies: no face left unblurred in any frame, checked by the detector and against the known faces."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from workbench import FamilyStore
from workbench.care.consent import withdraw
from workbench.core.errors import InvalidInput
from workbench.cycle import analysis
from workbench.media import frames
from workbench.media.ffmpeg import describe
from workbench.moments.faces import find_faces
from workbench.supervision import training, training_reels

from ..films import family_with_scene

CLIP = (15_000, 19_000)  # both faces, turned towards each other, taking turns


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, scene):
    """One family whose clip's faces were found once (the slow part), shared by this module's tests."""
    store = FamilyStore(tmp_path_factory.mktemp("blur") / "data")
    code = family_with_scene(store, scene)
    clip = store.update(code, lambda f: analysis.add_clip(f, 1, *CLIP))
    training.find_faces(store, code, 1, clip.id, lambda p: None, lambda: False)
    return store, code, clip


@pytest.fixture
def made(prepared):
    return prepared[1], prepared[2]


@pytest.fixture
def store(prepared):  # noqa: F811 - this module's tests share one prepared family
    return prepared[0]


def _pictures(path, scene, **where):
    return [p.copy() for p in frames.pictures(path, width=scene.width, height=scene.height, **where)]


def test_every_frame_of_a_blurred_copy_hides_every_face(store, scene, made):
    code, clip = made
    family = store.load(code)
    found = training.faces_found(store, family, 1, clip)
    assert len(found.plan.people) == 2 and set(found.pictures) == {t.number for t in found.plan.people}
    stills = training.preview(store, family, 1, clip)
    assert len([s for s in stills if not s.doubtful]) == training.PREVIEWS and all(s.path.exists() for s in stills)
    assert [s.ms for s in stills if s.doubtful] == [found.plan.ms(f) for f in found.plan.doubtful()
                                                   if f not in [found.plan.first, found.plan.last]][:len(stills)]
    copy = training.make_blurred(store, code, 1, clip.id, 0, "ada", lambda p: None, lambda: False)
    name = training.blurred_name(1, clip, sound=False)
    assert "blurred" in copy.name and name.endswith("-faces-blurred-no-sound.mp4") and code not in name
    assert "Audio" not in describe(copy)  # voices can say who a family is: no sound unless asked
    out = _pictures(copy, scene)
    first = found.plan.first
    original = _pictures(scene.path, scene, start_s=(first - 0.5) / scene.fps, frames=len(out))
    assert len(out) == found.plan.last + 1 - first
    clean = sum(1 for p in out if not find_faces(p))
    assert clean / len(out) >= 0.99
    for n, (before, after) in enumerate(zip(original, out, strict=True)):
        for x, y, w, h in scene.regions[first + n]:
            x0, y0, x1, y1 = max(0, x), max(0, y), min(scene.width, x + w), min(scene.height, y + h)
            if x1 - x0 >= 4:
                changed = np.abs(before[y0:y1, x0:x1].astype(int) - after[y0:y1, x0:x1].astype(int)).mean()
                assert changed > 12, (first + n, (x, y, w, h))
    assert copy.with_suffix(".jpg").exists()
    log = (store.root / "audit.jsonl").read_text()
    assert "faces blurred" in log


def test_one_face_can_be_left_clear_and_the_other_is_still_blurred(store, scene, made):
    code, clip = made
    found = training.faces_found(store, store.load(code), 1, clip)
    left = min(found.plan.people, key=lambda t: t.seen[0][1].x).number  # the adult, on the left
    copy = training.make_blurred(store, code, 1, clip.id, left, "ada", lambda p: None, lambda: False, sound=True)
    assert "Audio" in describe(copy)
    assert training.copy_for(store, store.load(code), 1, clip, left, True) == copy
    assert training.copy_for(store, store.load(code), 1, clip, 0, True) is None  # another choice: not this copy
    out = _pictures(copy, scene, frames=10)
    faces = [find_faces(p) for p in out]
    assert all(len(f) == 1 and f[0].x < 0.5 for f in faces)  # only the face left clear is seen


def test_a_training_reel_is_made_only_of_blurred_copies_of_the_chosen_clips(store, scene, made):
    code, clip = made
    store.update(code, lambda f: analysis.choose(f, 1, clip.id, True))
    family = store.load(code)
    for leftover in (store.root / "families").rglob("clip-*-blurred.mp4"):
        leftover.unlink()  # as if no copy had been made yet
    assert [c.id for c in training_reels.reel_missing(store, family, 1)] == [clip.id]
    with pytest.raises(InvalidInput, match="still to do"):
        training_reels.queue_training_reel(store, code, 1, "ada")
    training.make_blurred(store, code, 1, clip.id, 0, "ada", lambda p: None, lambda: False)
    reel = training_reels.training_reel(store, code, 1, "ada", lambda p: None)
    assert "blurred" in reel.name and "blurred" in training_reels.reel_name(1)
    shown = _pictures(reel, scene, fps=5)
    assert len(shown) >= 15  # the card, then the clip
    assert sum(1 for p in shown if find_faces(p)) == 0


def test_nothing_is_made_without_confirmation_or_consent_and_withdrawal_deletes_every_copy(store, scene, made):
    code, clip = made
    with pytest.raises(InvalidInput, match="confirm"):
        training.queue_blurred(store, code, 1, clip.id, 0, "ada", confirmed=False)
    copy = training.make_blurred(store, code, 1, clip.id, 0, "ada", lambda p: None, lambda: False)
    consent = store.load(code).consents[0]
    withdraw(store, code, consent.id, date.today())
    assert not copy.exists() and not copy.parent.exists()
    with pytest.raises(InvalidInput, match="consent to use in training"):
        training.find_faces(store, code, 1, clip.id, lambda p: None, lambda: False)
    with pytest.raises(InvalidInput, match="consent to use in training"):
        training.preview(store, store.load(code), 1, clip)
