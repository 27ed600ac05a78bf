from workbench.goals import add_goal, rate_goal
from workbench.progress import has_progress, rating_points

from .conftest import make_family


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
