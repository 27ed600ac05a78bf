import pytest

from workbench.core.errors import InvalidInput
from workbench.cycle import review
from workbench.cycle.charts import goal_ratings_spec
from workbench.cycle.figures import goal_ratings_png
from workbench.cycle.goals import add_goal, rate_goal
from workbench.cycle.progress import GOAL_LOOKS, has_progress, rating_points

from ..conftest import make_family


def test_rating_points_in_goal_and_time_order():
    family = make_family(cycles=[{"number": 1}, {"number": 2}])
    goal = add_goal(family, "Stay calm at bedtime", "staying calm", 3, "Jo")
    assert not has_progress(family)
    rate_goal(family, goal.id, 7, cycle=2, rated_by="Jo")
    rate_goal(family, goal.id, 5, cycle=1, rated_by="Jo")
    assert has_progress(family)
    points = rating_points(family)
    assert [(p.stage, p.value) for p in points] == [("Baseline", 3), ("Cycle 1", 5), ("Cycle 2", 7)]
    assert points[0].goal == "Goal 1: Stay calm at bedtime"


def test_a_final_reviews_rating_stands_for_its_cycle_and_the_others_are_named():
    family = make_family(cycles=[{"number": 1}, {"number": 2, "is_final": True}])
    goal = add_goal(family, "Stay calm at bedtime", "staying calm", 2, "Jo")
    review.rerate(family, 1, {goal.id: 4}, "Jo")
    review.rerate(family, 2, {goal.id: 7}, "Jo")
    review.rerate(family, 2, {goal.id: 8}, "Jo", final=True)
    review.rerate(family, 2, {goal.id: 9}, "Jo", final=True)  # corrected: one final rating, the last
    assert [(p.stage, p.value) for p in rating_points(family)] == [("Baseline", 2), ("Cycle 1", 4),
                                                                     ("Final review", 9)]
    assert review.earlier_ratings(family.goals[0], 2) == "baseline 2 · cycle 1: 4"
    assert review.earlier_ratings(family.goals[0], 2, final=True) == "baseline 2 · cycle 1: 4 · cycle 2: 7"
    assert review.cycle_ratings(family, 2) == {goal.id: 7} and review.cycle_ratings(family, 2, True) == {goal.id: 9}
    family.cycles[0].is_final = False
    with pytest.raises(InvalidInput, match="final one"):
        review.rerate(family, 1, {goal.id: 5}, "Jo", final=True)
    # Unmarked, the cycle's final ratings go: no "Final review" in the middle of an intervention that went on.
    review.mark_final(family, 2, False)
    assert [(p.stage, p.value) for p in rating_points(family)] == [("Baseline", 2), ("Cycle 1", 4), ("Cycle 2", 7)]
    review.mark_final(family, 2, True)
    family.closed_on = family.created_on
    family.status = "closed"
    with pytest.raises(InvalidInput, match="closed"):
        review.rerate(family, 2, {goal.id: 5}, "Jo", final=True)
    with pytest.raises(InvalidInput, match="closed"):
        review.mark_final(family, 2, False)


def test_each_goal_keeps_one_colour_and_shape_in_the_app_and_the_documents(tmp_path):
    family = make_family(cycles=[{"number": 1}])
    for text in ("Stay calm", "Play together", "I want us to have a calm bedtime with a story and no shouting " * 3):
        goal = add_goal(family, text[:300], "staying calm", 4, "Jo")
        rate_goal(family, goal.id, 6, cycle=1, rated_by="Jo")  # the same values: lines that would overlap
    spec = goal_ratings_spec(family)
    encoding = spec["encoding"]
    assert encoding["color"]["scale"] == {"domain": ["Goal 1", "Goal 2", "Goal 3"],
                                          "range": [colour for colour, _, _ in GOAL_LOOKS]}
    assert encoding["shape"]["scale"]["range"] == ["circle", "square", "triangle-up"]
    assert encoding["xOffset"]["field"] == "short"  # equal values sit apart, never one line hiding another
    png = goal_ratings_png(family, tmp_path / "goals.png")
    from PIL import Image

    pixels = set(Image.open(png).convert("RGB").getdata())
    for colour, _, _ in GOAL_LOOKS:  # the document draws each goal in its own colour too
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in pixels, colour
