"""The Micro-analysis step's suggestions and the Training copies page, through AppTest."""

from __future__ import annotations

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.settings import load_settings, save_settings
from workbench.cycle import analysis
from workbench.media.library import FilmFiles
from workbench.moments import look
from workbench.supervision import training
from workbench.ui import pages

from ..films import family_with_scene
from .helpers import account, app, no_errors


@pytest.fixture
def seen(scene_seen):
    return scene_seen


def _page(path: str, as_user: str = "ada"):
    at = app({"family": "VIG-0001"}, as_user=as_user)
    at.switch_page(path)
    return at.run()


def test_suggestions_are_offered_then_listed_and_one_becomes_a_clip(data_root, scene, seen):
    store = FamilyStore()
    code = family_with_scene(store, scene)
    at = _page(pages.ANALYSIS.path)
    no_errors(at)
    assert "Look for moments" in [b.label for b in at.button]  # not looked at yet
    look.save(seen, FilmFiles.of(store, code, store.load(code).cycles[0].film.id).looked)
    at = _page(pages.ANALYSIS.path)
    no_errors(at)
    listed = [m.value for m in at.markdown if m.value.startswith("**S1**")]
    assert listed and "turn-taking" in listed[0]
    next(b for b in at.button if b.label == "Make it a clip").click()
    at.run()
    no_errors(at)
    (clip,) = store.load(code).cycles[0].clips
    assert clip.suggested and not clip.tags
    assert any("1 clip from suggestions" in c.value for c in at.caption)


def test_suggestions_can_be_switched_off_in_settings(data_root, scene, seen):
    store = FamilyStore()
    code = family_with_scene(store, scene)
    look.save(seen, FilmFiles.of(store, code, store.load(code).cycles[0].film.id).looked)
    save_settings(load_settings().model_copy(update={"suggestions": False}))
    at = _page(pages.ANALYSIS.path)
    no_errors(at)
    assert not [m for m in at.markdown if m.value.startswith("**S1**")]
    assert "Make it a clip" not in [b.label for b in at.button]


def test_the_training_page_needs_the_consent_and_is_the_guiders_alone(data_root, scene):
    store = FamilyStore()
    code = family_with_scene(store, scene, scopes=("filming", "storing the films"))
    at = _page(pages.TRAINING.path)
    no_errors(at)
    assert "consent to use in training" in at.info[0].value
    store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(),
                                             ["use in training", "viewing by a VIG supervisor"]))
    account("sue")
    at = _page(pages.TRAINING.path, as_user="sue")
    no_errors(at)
    assert any("made by the family's guider" in i.value for i in at.info)
    assert not at.button or "Find the faces in this clip" not in [b.label for b in at.button]


def test_faces_found_show_a_choice_and_a_preview_and_nothing_is_made_unconfirmed(data_root, scene):
    store = FamilyStore()
    code = family_with_scene(store, scene)
    at = _page(pages.TRAINING.path)
    no_errors(at)
    assert "Mark clips on the Micro-analysis step" in at.info[0].value
    clip = store.update(code, lambda f: analysis.add_clip(f, 1, 15_000, 16_000))
    at = _page(pages.TRAINING.path)
    assert "Find the faces in this clip" in [b.label for b in at.button]
    training.find_faces(store, code, 1, clip.id, lambda p: None, lambda: False)
    at = _page(pages.TRAINING.path)
    no_errors(at)
    assert [o for o in at.radio[0].options][:1] == ["Blur every face"] and len(at.radio[0].options) == 3
    make = next(b for b in at.button if b.label == "Make the blurred copy")
    assert make.disabled
