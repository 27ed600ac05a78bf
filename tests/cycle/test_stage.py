"""The shared review's stage: the guider's cue, and the scene each screen draws from it."""

from __future__ import annotations

import math

import pytest

from workbench.core.errors import InvalidInput
from workbench.cycle import analysis, review, stage
from workbench.cycle.goals import add_goal
from workbench.model import Clip, Cycle, Spotlight

from ..conftest import make_family
from ..films import family_with_film, frame_numbers


def chosen_family():
    """A family whose cycle 1 has three chosen clips (no film is needed to describe what a screen shows)."""
    family = make_family()
    add_goal(family, "Stay calm at bedtime", "staying calm", 2, "Jo Smith")
    family.cycles[0].clips = [Clip(start_ms=s, end_ms=s + 2000, tags=["attentive"], note="Private", chosen=True,
                                   order=n) for n, s in enumerate((500, 4000, 9000))]
    return family


def test_a_new_clip_starts_afresh_and_every_change_is_a_new_version():
    stage.start("ada", "VIG-0001", 1)
    first = stage.change("ada", "VIG-0001", 1, rate=0.5, still=True, zoomed=True, words=("He smiled.",))
    moved = stage.change("ada", "VIG-0001", 1, clip_id="abc")
    assert moved.version == first.version + 1 and moved.rate == 0.5  # the speed the guider chose stays
    assert (moved.still, moved.zoomed, moved.words, moved.playing) == (False, False, (), True)
    with pytest.raises(InvalidInput):
        stage.change("ada", "VIG-0001", 1, rate=3.0)
    assert stage.cue("ada", "VIG-0002", 1).clip_id == ""  # another family: a fresh cue, not this one
    stage.forget_family("VIG-0002")
    assert stage.last_change("ada") == 0
    stage.clear("ada")


def test_the_scene_plays_from_the_lead_in_and_never_from_before_the_film():
    family = chosen_family()
    first, second, _ = family.cycles[0].clips
    cue = stage.start("ada", family.code, 1)
    shown = stage.scene(family, cue, lead_in_s=2)
    assert (shown.start_ms, shown.moment_ms, shown.end_ms) == (0, 500, 2500)  # cut at the film's start
    review.set_lead_in(family, 1, second.id, 1500)
    cue = stage.change("ada", family.code, 1, clip_id=second.id)
    shown = stage.scene(family, cue, lead_in_s=2)
    assert (shown.start_ms, shown.moment_ms, shown.where) == (2500, 4000, "Moments with Sam · clip 2 of 3")
    with pytest.raises(InvalidInput):
        review.set_lead_in(family, 1, second.id, 6000)  # at most 5 s
    stage.clear("ada")


def test_the_scene_holds_nothing_private():
    family = chosen_family()
    family.cycles[0].clips[0].note = "She seemed tired today."
    review.keep_guider_note(family, 1, "Ask about contact.")
    shown = stage.scene(family, stage.start("ada", family.code, 1), 2).data()
    text = repr(shown)
    assert "tired" not in text and "contact" not in text
    assert set(shown) == {"clip_id", "where", "start_ms", "moment_ms", "end_ms", "still_ms", "still_s", "playing",
                          "rate", "still", "loop", "zoom", "spotlight", "caption", "words", "version"}
    stage.clear("ada")


def test_a_spotlight_zooms_at_most_three_times_and_stays_inside_the_picture():
    tiny = Spotlight(x=0.95, y=0.95, w=0.01, h=0.01)
    assert tiny.zoom == 3.0 and tiny.x + tiny.w <= 1 and tiny.y + tiny.h <= 1
    assert Spotlight(x=0.1, y=0.1, w=0.5, h=0.25).zoom == 2.0
    family = chosen_family()
    clip = family.cycles[0].clips[0]
    review.set_spotlight(family, 1, clip.id, {"x": 0.5, "y": 0.2, "w": 0.3, "h": 0.4})
    cue = stage.change("ada", family.code, 1, clip_id=clip.id, zoomed=True)
    assert stage.scene(family, cue, 2).zoom["scale"] == 2.5
    for hostile in ({"x": "NaN"}, {"x": 2, "y": 0, "w": 0.5, "h": 0.5}, "a rectangle"):
        with pytest.raises(InvalidInput):
            review.set_spotlight(family, 1, clip.id, hostile)
    stage.clear("ada")


def test_the_carers_earlier_words_for_the_same_goal_are_offered_newest_first():
    family = chosen_family()
    goal = family.goals[0]
    earlier = family.cycles[0].clips[0]
    review.set_goal(family, 1, earlier.id, goal.id)
    review.reflect(family, 1, earlier.id, "What do you notice?", "He looks up at me.")
    review.reflect(family, 1, family.cycles[0].clips[1].id, "What do you notice?", "Not about this goal.")
    family.cycles.append(Cycle(number=2))
    later = family.cycles[0].clips[2].model_copy(update={"id": "later", "goal_id": goal.id})
    family.cycles[1].clips = [later]
    assert review.earlier_words(family, 2, later) == ["“He looks up at me.” (cycle 1)"]
    assert review.earlier_words(family, 1, earlier) == []  # nothing earlier than the first cycle
    with pytest.raises(InvalidInput):
        review.set_goal(family, 1, earlier.id, "no-such-goal")


def test_the_still_on_a_screen_is_the_stills_own_frame_even_when_the_lead_in_starts_inside_a_frame(store, films):
    """Found on the one-screen view: frame 322 shown where the still was 323. A player shows the frame whose
    interval holds the time it is sent to; the scene sends it to the middle of the still's frame in the cut."""
    code = family_with_film(store, films["landscape"])  # every frame numbered

    def mark(f):
        clip = analysis.add_clip(f, 1, 2010, 4010, ["attentive"])  # a lead-in of 1 s starts at 1.01 s, in a frame
        analysis.choose(f, 1, clip.id, True)
        analysis.choose_still(f, 1, clip.id, 3000)  # on a frame's very start

    store.update(code, mark)
    family = store.load(code)
    cue = stage.start("ada", code, 1)
    review.set_lead_in(family, 1, family.cycles[0].clips[0].id, 1000)
    shown = stage.scene(family, cue, lead_in_s=2)
    numbers = frame_numbers(stage.cut(store, family, 1, shown))
    fps = family.cycles[0].film.proxy.fps
    still = 3 * fps  # the still's own frame, as the summary and the Micro-analysis step show it
    assert (shown.start_ms * fps) % 1000 and numbers[0] == math.floor(shown.start_ms * fps / 1000)
    assert numbers[math.floor(shown.still_s * fps)] == still
    assert numbers[math.floor((shown.still_ms - shown.start_ms) / 1000 * fps)] == still - 1  # the old seek: one early
    stage.clear("ada")
