"""The on-device analysis on the generated test film: faces found, voices heard, the right moment suggested."""

from __future__ import annotations

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.cycle import analysis, suggestions
from workbench.media.library import FilmFiles
from workbench.moments import look
from workbench.moments.faces import overlap

from ..films import family_with_film, family_with_scene


@pytest.fixture
def seen(scene_seen):
    return scene_seen


def _truth_at(scene, ms: int):
    return scene.faces[min(len(scene.faces) - 1, ms * scene.fps // 1000)]


def test_faces_are_found_in_at_least_95_percent_of_the_frames_that_have_one(scene, seen):
    found = tracked = total = 0
    size = (scene.width, scene.height, scene.width, scene.height)
    for ms, faces in seen.pictures:
        for truth in _truth_at(scene, ms):
            total += 1
            found += any(overlap(truth, s.box(scene.width, scene.height)) > 0.3 for s in faces)
            tracked += any(overlap(truth, tuple(v * d for v, d in zip(box, size, strict=True))) > 0.3
                           for t in seen.tracks if (box := t.box_at(ms)) is not None)
    assert total > 300
    assert tracked / total >= 0.95, (found / total, tracked / total)
    assert found / total >= 0.95  # the detector alone, before tracks bridge a hidden face


def test_one_person_is_one_track_even_when_they_leave_and_come_back_later(scene, seen):
    long = [t for t in seen.tracks if t.last_ms - t.first_ms > 5000]
    assert len(long) == 2  # the adult until they leave, the child throughout (partly hidden 25-31 s)
    child = max(long, key=lambda t: t.last_ms)
    assert child.first_ms <= 9000 and child.last_ms >= 39000
    assert any(t.first_ms >= 36000 for t in seen.tracks)  # the adult back, as a new track after a long absence


def test_speech_is_heard_where_it_was_spoken_and_the_two_voices_are_told_apart(scene, seen):
    for who, voice in (("adult", "deeper"), ("child", "higher")):
        for start, end in scene.speech[who]:
            heard = [s for s in seen.speech if s.start_ms < end * 1000 and s.end_ms > start * 1000]
            assert heard, (who, start)
            assert all(s.voice == voice for s in heard), (who, start, heard)
            assert abs(heard[0].start_ms - start * 1000) <= 250


def test_the_turn_taking_while_facing_window_is_in_the_top_three_suggestions(scene, seen):
    from workbench.moments.suggest import suggest

    top = suggest(seen)[:3]
    a, b = (t * 1000 for t in scene.turns)
    inside = [s for s in top if s.start_ms >= a - 1000 and s.end_ms <= b + 1000 and s.end_ms - s.start_ms >= 2000]
    assert inside, top
    assert "turn-taking" in inside[0].reason and "towards each other" in inside[0].reason
    # Nothing suggested in the first six seconds, where the adult talks alone to no one.
    assert all(s.start_ms >= 5000 for s in suggest(seen))


def test_the_pass_is_kept_beside_the_film_and_a_taken_suggestion_becomes_an_untagged_clip(store: FamilyStore,
                                                                                           scene, seen):
    code = family_with_scene(store, scene)
    family = store.load(code)
    files = FilmFiles.of(store, code, family.cycles[0].film.id)
    assert suggestions.suggestions(store, family, 1).looked is False
    look.save(seen, files.looked)
    assert b"pictures" not in (store.root / "families" / code / "family.json").read_bytes()
    found = suggestions.suggestions(store, family, 1)
    best = found.moments[0]
    clip = store.update(code, lambda f: suggestions.take(f, 1, best))
    assert (clip.start_ms, clip.end_ms, clip.tags) == (best.start_ms, best.end_ms, [])
    assert clip.suggested == best.reason
    after = suggestions.suggestions(store, store.load(code), 1)
    assert best.id not in {s.id for s in after.moments}  # taken: no longer offered
    uptake = suggestions.uptake(store.load(code))
    assert (uptake.suggested, uptake.by_hand) == (1, 0)


def test_each_suggestion_says_its_own_window_and_keeps_its_name_when_another_becomes_a_clip(store: FamilyStore,
                                                                                         scene, seen):
    code = family_with_scene(store, scene)
    family = store.load(code)
    look.save(seen, FilmFiles.of(store, code, family.cycles[0].film.id).looked)
    fps = family.cycles[0].film.proxy.fps
    found = suggestions.suggestions(store, family, 1).moments
    assert len(found) >= 4
    assert len({s.reason for s in found}) == len(found), [s.reason for s in found]  # each its own window's words
    for s in found:  # the seconds it speaks of are its own
        assert f"its {(s.end_ms - s.start_ms) / 1000:.1f}".removesuffix(".0") in s.reason or "of its" in s.reason
        # on the review copy's frames, as a clip's edges are: the middle of a frame
        assert all(analysis.on_frame(ms, fps) == ms for ms in (s.start_ms, s.end_ms)), (s.start_ms, s.end_ms)
    assert [s.label for s in found] == [f"S{n}" for n in range(1, len(found) + 1)]
    second = found[1]
    store.update(code, lambda f: suggestions.take(f, 1, second))
    after = suggestions.suggestions(store, store.load(code), 1).moments
    assert [s.label for s in after] == [s.label for s in found if s.id != second.id]  # S3 stays S3


def test_a_damaged_analysis_file_is_simply_looked_at_again(store: FamilyStore, scene):
    code = family_with_scene(store, scene)
    family = store.load(code)
    files = FilmFiles.of(store, code, family.cycles[0].film.id)
    files.looked.write_bytes(b'{"format": 1, "pictures": [[0, [[0.1, "x"]]]')
    assert suggestions.suggestions(store, family, 1).looked is False


def test_a_film_made_without_sound_is_looked_at_all_the_same(store: FamilyStore, films):
    code = family_with_film(store, films["silent"])
    store.update(code, lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming", "storing the films"]))
    film = store.load(code).cycles[0].film
    assert film.proxy.has_audio is False
    made = suggestions.run_look(store, code, 1, film.id, lambda p: None, lambda: False)
    seen = look.load(made)
    assert seen is not None and seen.speech == [] and len(seen.pictures) >= 3
    assert suggestions.suggestions(store, store.load(code), 1).looked is True
