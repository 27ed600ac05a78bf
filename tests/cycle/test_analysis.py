"""Clip logic and statistics on a family whose film is ready (a recorded proxy; no media needed)."""

from datetime import date

import pytest

from workbench.core.errors import InvalidInput
from workbench.cycle import analysis
from workbench.model import Cycle, Film, FilmFacts, FilmStatus, ProxyFacts

from ..conftest import make_family


def ready(number: int = 1, duration_ms: int = 120_000) -> Cycle:
    film = Film(activity="Play", filmed_on=date.today(), status=FilmStatus.READY,
                facts=FilmFacts(duration_ms=duration_ms, width=1280, height=720, fps=30, video_codec="h264",
                                size_bytes=1),
                proxy=ProxyFacts(width=1280, height=720, fps=30, duration_ms=duration_ms, has_audio=True,
                                 thumbnail_every_ms=2000, thumbnails=60, size_bytes=1))
    return Cycle(number=number, film=film)


@pytest.fixture
def family():
    return make_family(cycles=[ready(1), ready(2)])


def test_clips_are_added_in_time_order_with_checked_tags(family):
    later = analysis.add_clip(family, 1, 10_000, 14_000, ["guiding.scaffolding"], "she waits")
    earlier = analysis.add_clip(family, 1, 2_000, 4_500, ["attentive", "receiving.returning_eye_contact"])
    assert [c.id for c in family.cycles[0].clips] == [earlier.id, later.id]
    assert later.note == "she waits" and earlier.duration_ms == 2_500
    with pytest.raises(InvalidInput, match="not in the catalogue"):
        analysis.add_clip(family, 1, 20_000, 22_000, ["attentive.made_up"])


@pytest.mark.parametrize("start, end, says", [
    (5000, 5000, "end must come after its start"),
    (6000, 5000, "end must come after its start"),
    (5000, 5400, "at least 0.5 s"),
    (5000, 66_000, "at most 60 s"),
    (119_000, 121_000, "ends after the film does"),
    (-1, 2000, "before the beginning"),
])
def test_clip_times_are_checked_with_reasons(family, start, end, says):
    with pytest.raises(InvalidInput, match=says):
        analysis.add_clip(family, 1, start, end)
    assert family.cycles[0].clips == []


def test_no_clips_before_the_film_is_ready():
    family = make_family()
    with pytest.raises(InvalidInput, match="film is not ready"):
        analysis.add_clip(family, 1, 0, 1000)


def test_nudging_moves_a_mark_by_exactly_one_frame(family):
    clip = analysis.add_clip(family, 1, 1476, 3000)  # frame 44 at 30 fps
    moved = analysis.nudge(family, 1, clip.id, "start", 1)
    assert moved.start_ms * 30 // 1000 == 45
    moved = analysis.nudge(family, 1, clip.id, "start", -2)
    assert moved.start_ms * 30 // 1000 == 43
    moved = analysis.nudge(family, 1, clip.id, "end", 1)
    assert moved.end_ms * 30 // 1000 == 91 and moved.start_ms * 30 // 1000 == 43
    with pytest.raises(ValueError):
        analysis.nudge(family, 1, clip.id, "middle", 1)


def test_overlaps_are_allowed_but_flagged(family):
    a = analysis.add_clip(family, 1, 1000, 5000)
    b = analysis.add_clip(family, 1, 4000, 8000)
    c = analysis.add_clip(family, 1, 9000, 10_000)
    found = analysis.overlaps(family.cycles[0])
    assert found == {a.id: [b.id], b.id: [a.id]} and c.id not in found


def test_choosing_ordering_and_undoing_a_delete(family):
    clips = [analysis.add_clip(family, 1, s, s + 2000) for s in (1000, 5000, 9000, 13_000)]
    for clip in (clips[2], clips[0], clips[3]):
        analysis.choose(family, 1, clip.id, True)
    ids = lambda: [c.id for c in analysis.chosen(family.cycles[0])]  # noqa: E731
    assert ids() == [clips[0].id, clips[2].id, clips[3].id]  # film time, whatever order they were ticked in
    analysis.move(family, 1, clips[0].id, 1)  # from here, the guider's own order
    analysis.move(family, 1, clips[3].id, -1)
    assert ids() == [clips[2].id, clips[3].id, clips[0].id]
    analysis.move(family, 1, clips[2].id, -1)  # already first: stays
    assert ids()[0] == clips[2].id
    with pytest.raises(InvalidInput, match="Only clips chosen"):
        analysis.move(family, 1, clips[1].id, 1)
    removed = analysis.delete_clip(family, 1, clips[3].id)
    assert ids() == [clips[2].id, clips[0].id]
    assert [c.order for c in analysis.chosen(family.cycles[0])] == [0, 1]
    analysis.restore_clip(family, 1, removed)
    assert ids() == [clips[2].id, clips[0].id, clips[3].id]
    assert next(c for c in family.cycles[0].clips if c.id == removed.id).note == removed.note
    analysis.choose(family, 1, clips[2].id, False)
    assert ids() == [clips[0].id, clips[3].id]
    assert [c.order for c in family.cycles[0].clips if not c.chosen] == [None, None]


def test_custom_tags_are_reused_by_label(family):
    tag = analysis.add_custom_tag(family, "  Shared   laughter ")
    assert tag.id.startswith("custom.shared-laughter-") and tag.label == "Shared laughter"
    assert analysis.add_custom_tag(family, "shared laughter") == tag
    clip = analysis.add_clip(family, 1, 0, 1000, [tag.id])
    assert analysis.tag_label(family, clip.tags[0]) == "Shared laughter"


def test_principle_totals_per_cycle_and_across_cycles(family):
    analysis.add_clip(family, 1, 0, 2000, ["attentive.wondering", "guiding"])
    analysis.add_clip(family, 1, 5000, 8000, ["attentive"])
    analysis.add_clip(family, 2, 0, 1000, ["guiding.scaffolding"])
    one = {t.principle: (t.clips, t.total_ms) for t in analysis.principle_totals(family, 1)}
    assert one["Being attentive"] == (2, 5000) and one["Guiding"] == (1, 2000)
    assert one["Receiving initiatives"] == (0, 0)
    both = analysis.principle_totals_by_cycle(family)
    assert len(both) == 12 and {(t.cycle, t.principle, t.clips) for t in both if t.principle == "Guiding"} == {
        (1, "Guiding", 1), (2, "Guiding", 1)}


def test_clock_times():
    assert analysis.parse_clock("1:02.345") == 62_345 and analysis.clock(62_345) == "01:02.345"
    assert analysis.parse_clock("5.5") == 5_500
    for bad in ("abc", "1:75", "", "-3"):
        with pytest.raises(InvalidInput):
            analysis.parse_clock(bad)


def test_the_still_is_chosen_inside_the_clip(family):
    clip = analysis.add_clip(family, 1, 2000, 5000)
    assert clip.still_at_ms == 3500  # the middle until one is chosen
    assert analysis.choose_still(family, 1, clip.id, 4200).still_at_ms == 4200
    with pytest.raises(InvalidInput, match="inside the clip"):
        analysis.choose_still(family, 1, clip.id, 6000)


def test_the_stills_to_pick_are_the_frames_inside_the_clip():
    times = analysis.frame_times(1000, 1200, 25)  # frames 25..30 at 25 fps, each taken at its middle
    assert times == [1020, 1060, 1100, 1140, 1180, 1200]
    assert all(1000 <= t <= 1200 for t in analysis.frame_times(1000, 1200, 30))


def test_a_second_is_a_seconds_worth_of_frames(family):
    clip = analysis.add_clip(family, 1, 2_000, 4_000)
    moved = analysis.nudge(family, 1, clip.id, "end", 30)  # the review copy is 30 fps: +1 s
    assert moved.end_ms - 4_000 in range(1000, 1034)
    moved = analysis.nudge(family, 1, clip.id, "start", -30)
    assert moved.start_ms in range(1000, 1034)


def test_an_edge_goes_to_the_frame_at_the_play_position(family):
    clip = analysis.add_clip(family, 1, 2_000, 4_000)
    moved = analysis.set_edge(family, 1, clip.id, "start", 1_001)  # frame 30 at 30 fps: its middle is 1017 ms
    assert moved.start_ms == 1017 and moved.end_ms == 4_000
    with pytest.raises(InvalidInput, match="end must come after its start"):
        analysis.set_edge(family, 1, clip.id, "start", 4_500)  # dragged past its own end
    assert family.cycles[0].clips[0].start_ms == 1017  # a refused move leaves the clip as it was
    last = analysis.add_clip(family, 1, 110_000, 112_000)
    assert analysis.set_edge(family, 1, last.id, "end", 125_000).end_ms == 120_000  # never past the film's end
    with pytest.raises(InvalidInput, match="no longer exists"):
        analysis.set_edge(family, 1, "gone", "end", 5_000)
    with pytest.raises(ValueError):
        analysis.set_edge(family, 1, clip.id, "middle", 5_000)


def test_the_review_goes_in_film_time_until_the_guider_orders_it_and_a_new_clip_is_for_it(family):
    for start in (4000, 500, 2500):  # ticked out of film order
        analysis.add_clip(family, 1, start, start + 800, for_review=True)
    cycle = family.cycles[0]
    assert [c.start_ms for c in analysis.chosen(cycle)] == [500, 2500, 4000] and all(c.chosen for c in cycle.clips)
    late = next(c for c in cycle.clips if c.start_ms == 4000)
    analysis.move(family, 1, late.id, -1)  # the guider's own order from here on
    analysis.add_clip(family, 1, 100, 900, for_review=True)
    assert [c.start_ms for c in analysis.chosen(family.cycles[0])] == [500, 4000, 2500, 100]
    assert not analysis.add_clip(family, 2, 100, 900).chosen  # a service asking plainly gets a plain clip


def test_an_order_saved_before_film_time_order_is_kept():
    clips = [{"start_ms": 3000, "end_ms": 4000, "chosen": True, "order": 0},
             {"start_ms": 500, "end_ms": 900, "chosen": True, "order": 1}]
    assert [c.start_ms for c in analysis.chosen(Cycle.model_validate({"number": 1, "clips": clips}))] == [3000, 500]
    clips[0]["order"], clips[1]["order"] = 1, 0  # film time all along: nothing to keep
    assert not Cycle.model_validate({"number": 1, "clips": clips}).review_order_set
