"""Every stage of the cycle derived from the store, the next step's words and page, and each overdue rule."""

from datetime import date, timedelta

import pytest

from workbench.care.consent import add_consent
from workbench.core.next_step import Place, Rule, Stage, ago, next_step, place
from workbench.core.settings import Settings
from workbench.cycle import analysis, review
from workbench.cycle.goals import add_goal, set_helping_question
from workbench.model import FilmStatus

from ..conftest import make_family
from ..cycle.test_analysis import ready

TODAY = date(2026, 11, 23)  # a Monday
SETTINGS = Settings(review_within_days=14, film_within_days=21, retention_days=60)


def _agreed(family):
    set_helping_question(family, "How can I help him stay calm?", TODAY - timedelta(days=30))
    add_goal(family, "Stay calm at bedtime", "staying calm", 2, "Jo")


def _consented(family):
    add_consent(family, "Jo", "foster carer", TODAY - timedelta(days=30), ["filming", "storing the films"])


def _filmed(number: int, days_ago: int):
    cycle = ready(number)
    cycle.film = cycle.film.model_copy(update={"filmed_on": TODAY - timedelta(days=days_ago)})
    return cycle


def _held(family, number: int, days_ago: int, written: bool = True):
    clip = analysis.add_clip(family, number, 1000, 4000)
    analysis.choose(family, number, clip.id, True)
    review.reflect(family, number, clip.id, "What do you notice?", "He looks at me.")
    family.cycle(number).review.held_on = TODAY - timedelta(days=days_ago)
    if written:
        review.write_up(family, number, held_on=TODAY - timedelta(days=days_ago), attendees="Jo", notes="",
                        carer_comments="", next_steps="Play again", next_film_plan="")


@pytest.fixture
def family():
    return make_family(created_on=TODAY - timedelta(days=40))


@pytest.fixture
def agreed(family):
    """A family with its goals agreed and consent to filming and storing."""
    _agreed(family)
    _consented(family)
    return family


def step(family):
    return next_step(place(family), TODAY, SETTINGS)


def test_a_new_family_agrees_goals_first(family):
    assert place(family).stage is Stage.GOALS
    assert step(family).words == "Agree the helping question and goals (family added 40 days ago)"
    assert step(family).page == "goals" and step(family).overdue is None
    set_helping_question(family, "How can I help him stay calm?")
    assert place(family).stage is Stage.GOALS  # a question without goals is not yet agreed


def test_then_consent_to_filming_and_storing(family):
    _agreed(family)
    assert place(family).stage is Stage.CONSENT and step(family).page == "goals"
    add_consent(family, "Jo", "foster carer", TODAY, ["filming"])
    assert place(family).stage is Stage.CONSENT  # storing the films is needed too
    add_consent(family, "Jo", "foster carer", TODAY, ["storing the films"])
    assert place(family).stage is Stage.FILM
    assert step(family).words == "Add the film for cycle 1" and step(family).page == "film"


def test_a_film_being_prepared_then_clips_to_choose(agreed):
    agreed.cycles = [_filmed(1, 3)]
    agreed.cycles[0].film.status = FilmStatus.PREPARING
    assert place(agreed).stage is Stage.PREPARING and step(agreed).page == "film"
    agreed.cycles[0].film.status = FilmStatus.READY
    assert place(agreed).stage is Stage.CLIPS
    assert step(agreed).words == "Choose clips for cycle 1: the film is ready (filmed 3 days ago)"
    assert step(agreed).page == "analysis"


def test_a_failed_film_asks_for_the_film_again(agreed):
    agreed.cycles = [_filmed(1, 3)]
    agreed.cycles[0].film.status = FilmStatus.FAILED
    assert place(agreed).stage is Stage.FILM
    assert step(agreed).words == "Add the film for cycle 1 again: it could not be prepared"


def test_chosen_clips_wait_for_the_shared_review_then_its_write_up(agreed):
    agreed.cycles = [_filmed(1, 5)]
    clip = analysis.add_clip(agreed, 1, 1000, 4000)
    assert place(agreed).stage is Stage.CLIPS  # marked, not yet chosen for the review
    analysis.choose(agreed, 1, clip.id, True)
    assert place(agreed).stage is Stage.REVIEW
    assert step(agreed).words == "Hold the shared review for cycle 1: 1 clip chosen (filmed 5 days ago)"
    assert step(agreed).page == "review"
    _held(agreed, 1, 1, written=False)
    assert place(agreed).stage is Stage.WRITE_UP
    assert step(agreed).words == "Finish the write-up of cycle 1's shared review (held yesterday)"


def test_a_written_up_review_leads_to_the_next_film_then_the_final_review(agreed):
    agreed.cycles = [_filmed(1, 20)]
    _held(agreed, 1, 10)
    assert place(agreed) == Place(Stage.NEXT_FILM, 2, TODAY - timedelta(days=10), TODAY - timedelta(days=10),
                                  Rule.FILM, "start")
    assert step(agreed).words == "Start cycle 2 and make its film (last shared review 10 days ago)"
    assert step(agreed).page == "review"  # where the next cycle starts
    review.start_next_cycle(agreed)
    assert place(agreed).stage is Stage.NEXT_FILM and step(agreed).page == "film"
    assert step(agreed).words == "Make the film for cycle 2 (last shared review 10 days ago)"
    agreed.cycles = [agreed.cycles[0], _filmed(2, 9), _filmed(3, 8)]
    for number in (2, 3):
        _held(agreed, number, 2)
    assert place(agreed).stage is Stage.FINAL_REVIEW
    assert step(agreed).words == "Hold the final review, or start cycle 4: 3 cycles are written up"


def test_a_final_review_recorded_then_closed_with_its_erasure_date(agreed):
    agreed.cycles = [_filmed(1, 20)]
    _held(agreed, 1, 10)
    review.mark_final(agreed, 1, True)
    assert step(agreed).words == "Hold the final review: cycle 1 was the last (shared review 10 days ago)"
    review.record_final_review(agreed, held_on=TODAY - timedelta(days=2), evaluation="", carer_feedback="")
    assert place(agreed).stage is Stage.FINAL_REVIEW
    assert step(agreed).words == "Close the case: the final review was recorded 2 days ago"
    review.close_case(agreed, on=date(2026, 11, 3))
    assert place(agreed).stage is Stage.CLOSED and step(agreed).page == "summary"
    assert step(agreed).words == "Closed 3 Nov 2026; films due for erasure on 2 Jan 2027"


@pytest.mark.parametrize("days_ago, overdue", [
    (14, None),  # the 14th day is still on time
    (15, "Shared review overdue by 1 day"),
    (20, "Shared review overdue by 6 days"),
])
def test_a_shared_review_not_held_within_the_days_after_filming_is_overdue(agreed, days_ago, overdue):
    agreed.cycles = [_filmed(1, days_ago)]
    assert step(agreed).overdue == overdue  # clips not yet chosen: the review is still due
    clip = analysis.add_clip(agreed, 1, 1000, 4000)
    analysis.choose(agreed, 1, clip.id, True)
    assert step(agreed).overdue == overdue
    _held(agreed, 1, 0, written=False)
    assert step(agreed).overdue is None  # held: nothing overdue while the write-up is finished


@pytest.mark.parametrize("days_ago, overdue", [(21, None), (24, "Film for cycle 2 overdue by 3 days")])
def test_a_next_film_not_added_within_the_days_after_the_review_is_overdue(agreed, days_ago, overdue):
    agreed.cycles = [_filmed(1, 40)]
    _held(agreed, 1, days_ago)
    assert step(agreed).overdue == overdue
    review.start_next_cycle(agreed)
    assert step(agreed).overdue == overdue
    agreed.cycles = [agreed.cycles[0], _filmed(2, 0)]
    assert step(agreed).overdue is None


def test_the_settings_set_the_rhythm(agreed):
    agreed.cycles = [_filmed(1, 8)]
    assert step(agreed).overdue is None
    quicker = Settings(review_within_days=7)
    assert next_step(place(agreed), TODAY, quicker).overdue == "Shared review overdue by 1 day"
    assert next_step(place(agreed), TODAY, quicker).late_days == 1 and step(agreed).late_days == 0


def test_a_place_survives_the_caseload_index(agreed):
    agreed.cycles = [_filmed(1, 8)]
    here = place(agreed)
    assert Place.from_data(here.data()) == here


@pytest.mark.parametrize("days, words", [(0, "today"), (1, "yesterday"), (5, "5 days ago"), (-1, "tomorrow"),
                                         (-3, "in 3 days")])
def test_days_in_words(days, words):
    assert ago(TODAY - timedelta(days=days), TODAY) == words


def test_a_cycle_started_before_its_review_keeps_that_review_due(agreed):
    agreed.cycles = [_filmed(1, 30)]
    review.start_next_cycle(agreed)  # allowed, but the first film's shared review is still owed
    assert place(agreed) == Place(Stage.CLIPS, 1, TODAY - timedelta(days=30), TODAY - timedelta(days=30), Rule.REVIEW)
    assert step(agreed).overdue == "Shared review overdue by 16 days"
    _held(agreed, 1, 1, written=False)
    assert place(agreed).stage is Stage.WRITE_UP and place(agreed).cycle == 1
