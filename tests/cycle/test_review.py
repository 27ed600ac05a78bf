from datetime import date

import pytest

from workbench.core.errors import InvalidInput
from workbench.core.settings import Settings
from workbench.cycle import analysis, review
from workbench.cycle.goals import add_goal
from workbench.model import FamilyStatus

from ..conftest import make_family
from .test_analysis import ready


@pytest.fixture
def family():
    family = make_family(cycles=[ready(1)])
    add_goal(family, "Stay calm at bedtime", "staying calm", 2, "Jo Smith")
    add_goal(family, "Play together every day", "play and enjoyment", 4, "Jo Smith")
    return family


def test_captions_are_plain_and_strength_based(family):
    clip = analysis.add_clip(family, 1, 0, 2000, ["attentive.wondering", "receiving"])
    assert review.caption(clip, "Sam") == "Here you are being attentive and receiving Sam's initiatives."
    guided = analysis.add_clip(family, 1, 3000, 5000, ["guiding", "attuned.having_fun", "deepening"])
    assert review.caption(guided, "Ava") == ("Here you are building an attuned interaction together, guiding Ava "
                                             "and deepening the conversation.")
    plain_clip = analysis.add_clip(family, 1, 6000, 8000)
    assert review.caption(plain_clip, "Sam") == "A moment with Sam."


def test_reflections_are_kept_per_clip_and_prompt(family):
    a = analysis.add_clip(family, 1, 0, 2000)
    b = analysis.add_clip(family, 1, 3000, 5000)
    review.reflect(family, 1, a.id, "What do you notice?", "He looks at me.")
    review.reflect(family, 1, b.id, "What do you notice?", "We laugh.")
    review.reflect(family, 1, a.id, "What were you thinking or feeling?", "Proud.")
    review.reflect(family, 1, a.id, "What do you notice?", "He looks at me and smiles.")
    cycle = family.cycles[0]
    assert review.answers(cycle, a.id) == {"What do you notice?": "He looks at me and smiles.",
                                           "What were you thinking or feeling?": "Proud."}
    assert review.answers(cycle, b.id) == {"What do you notice?": "We laugh."}
    assert cycle.review.held_on == date.today()
    review.reflect(family, 1, b.id, "What do you notice?", "")
    assert review.answers(cycle, b.id) == {}
    with pytest.raises(InvalidInput, match="no longer exists"):
        review.reflect(family, 1, "nope", "What do you notice?", "x")


def test_write_up_ratings_and_the_next_cycle(family):
    with pytest.raises(InvalidInput, match="no film yet"):
        review.start_next_cycle(make_family())
    review.write_up(family, 1, held_on=date(2026, 11, 20), attendees="Jo Smith, Dr Ada Patel, ",
                    notes="We watched three clips.", carer_comments="I did not know I did that.",
                    next_steps="More floor play.", next_film_plan="Baking together")
    written = family.cycles[0].review
    assert written.attendees == ["Jo Smith", "Dr Ada Patel"] and written.next_film_plan == "Baking together"
    goals = family.goals
    review.rerate(family, 1, {goals[0].id: 5, goals[1].id: 6}, "Jo Smith")
    review.rerate(family, 1, {goals[0].id: 6}, "Jo Smith")  # a correction replaces, it does not add
    assert review.cycle_ratings(family, 1) == {goals[0].id: 6, goals[1].id: 6}
    assert [r.cycle for r in family.goals[0].ratings] == [0, 1]
    with pytest.raises(InvalidInput, match="Rating must be at most 10"):
        review.rerate(family, 1, {goals[0].id: 11}, "Jo Smith")
    cycle = review.start_next_cycle(family)
    assert cycle.number == 2 and family.current_cycle is cycle


def test_final_review_and_closing(family):
    with pytest.raises(InvalidInput, match="Mark the latest cycle as the final one"):
        review.record_final_review(family, held_on=date.today(), evaluation="", carer_feedback="")
    with pytest.raises(InvalidInput, match="Record the final review"):
        review.close_case(family)
    review.mark_final(family, 1, True)
    with pytest.raises(InvalidInput, match="is the final one"):
        review.start_next_cycle(family)
    review.record_final_review(family, held_on=date.today(), evaluation="Goals moved well.",
                               carer_feedback="It helped me see what I do right.")
    review.close_case(family, on=date(2026, 12, 1))
    assert family.status is FamilyStatus.CLOSED and family.closed_on == date(2026, 12, 1)
    with pytest.raises(InvalidInput, match="closed"):
        family.cycles[0].is_final = False
        review.start_next_cycle(family)


def test_only_the_latest_cycle_can_be_final(family):
    review.start_next_cycle(family)  # cycle 1 has a film, so cycle 2 can start
    with pytest.raises(InvalidInput, match="Only the latest cycle"):
        review.mark_final(family, 1, True)


def test_prompts_are_edited():
    edited = Settings().with_prompts("  What do you see?\n\nHow did it feel?  \n")
    assert edited.prompts == ["What do you see?", "How did it feel?"]
    with pytest.raises(InvalidInput, match="at least one prompt"):
        Settings().with_prompts(" \n ")
