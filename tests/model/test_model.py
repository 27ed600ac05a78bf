from datetime import date, timedelta

import pytest

from workbench import Clip, ConsentScope, Family, InvalidInput, build
from workbench.care.consent import add_consent, withdraw_consent
from workbench.cycle.goals import add_goal, rate_goal, set_helping_question
from workbench.model import MAX_GOALS, Child, Consent, CustomTag, Cycle

from ..conftest import make_family

TODAY = date.today()


def test_a_family_starts_active_in_cycle_one():
    family = make_family()
    assert family.code == "VIG-0001"
    assert family.status.value == "active"
    assert [c.number for c in family.cycles] == [1]
    assert family.current_cycle.number == 1


@pytest.mark.parametrize(
    "fields, says",
    [
        ({"name": "Samuel James Smith", "year_of_birth": 2018}, "only the child's first name or initials"),
        ({"name": "Sam", "year_of_birth": TODAY.year + 1}, "Year of birth must be between"),
        ({"name": "Sam", "year_of_birth": 1980}, "Year of birth must be between"),
        ({"name": "Sam", "year_of_birth": "soon"}, "Year of birth must be a whole number"),
        ({"name": "", "year_of_birth": 2018}, "first name or initials cannot be empty"),
        ({"name": "S" * 81, "year_of_birth": 2018}, "at most 80 characters"),
        ({"name": "Sam\x07", "year_of_birth": 2018}, "control characters"),
    ],
)
def test_child_validation_speaks_plainly(fields, says):
    with pytest.raises(InvalidInput, match=says):
        build(Child, **fields)


def test_family_needs_a_carer_and_a_described_other_concern():
    with pytest.raises(InvalidInput, match="at least one carer"):
        make_family(carers=[])
    with pytest.raises(InvalidInput, match="describe the referral concern"):
        make_family(concern={"kind": "other"})
    assert make_family(concern={"kind": "other", "detail": "school refusal"}).concern.describe() == "school refusal"
    with pytest.raises(InvalidInput, match="Carer 1's role must be one of"):
        make_family(carers=[{"name": "Jo", "role": "neighbour"}])
    with pytest.raises(InvalidInput, match="^Carer 2's name cannot be empty.$"):  # as the form numbers them
        make_family(carers=[{"name": "Jo", "role": "parent"}, {"name": " ", "role": "parent"}])


def test_consent_history_is_kept_and_withdrawal_only_adds_a_date():
    family = make_family()
    assert not family.has_consent(ConsentScope.FILMING)
    first = add_consent(family, "Jo Smith", "foster carer", TODAY - timedelta(days=10),
                        ["filming", "storing the films"])
    add_consent(family, "Social worker", "social worker", TODAY - timedelta(days=9), ["filming"])
    assert family.has_consent(ConsentScope.FILMING)
    assert not family.has_consent(ConsentScope.CARER_COPIES)

    withdraw_consent(family, first.id, TODAY, "changed her mind")
    assert len(family.consents) == 2
    withdrawn = family.consent(first.id)
    assert withdrawn.withdrawn_on == TODAY and withdrawn.given_on == first.given_on
    assert withdrawn.covers == first.covers and withdrawn.recorded_at == first.recorded_at
    assert not family.has_consent(ConsentScope.STORING)
    assert family.has_consent(ConsentScope.STORING, on=TODAY - timedelta(days=1))
    assert family.has_consent(ConsentScope.FILMING)  # the social worker's consent still stands

    with pytest.raises(InvalidInput, match="already withdrawn"):
        withdraw_consent(family, first.id, TODAY)


def test_consent_must_cover_something_and_cannot_be_withdrawn_before_it_was_given():
    family = make_family()
    with pytest.raises(InvalidInput, match="at least one thing"):
        add_consent(family, "Jo", "parent", TODAY, [])
    consent = add_consent(family, "Jo", "parent", TODAY, ["filming", "filming"])
    assert consent.covers == [ConsentScope.FILMING]
    with pytest.raises(InvalidInput, match="before the date it was given"):
        withdraw_consent(family, consent.id, TODAY - timedelta(days=1))
    assert family.consent(consent.id).withdrawn_on is None


def test_goals_are_capped_at_three_and_ratings_at_ten():
    family = make_family()
    for n in range(MAX_GOALS):
        add_goal(family, f"Goal {n}", "staying calm", baseline=n, rated_by="Jo")
    with pytest.raises(InvalidInput, match="at most 3 goals"):
        add_goal(family, "One more", "play and enjoyment", baseline=1, rated_by="Jo")
    goal = family.goals[0]
    assert goal.baseline.value == 0 and goal.baseline.cycle == 0
    with pytest.raises(InvalidInput, match="Rating must be at most 10"):
        rate_goal(family, goal.id, 11, cycle=1, rated_by="Jo")
    with pytest.raises(InvalidInput, match="Rating must be at least 0"):
        rate_goal(family, goal.id, -1, cycle=1, rated_by="Jo")
    with pytest.raises(InvalidInput, match="no cycle 2 yet"):
        rate_goal(family, goal.id, 5, cycle=2, rated_by="Jo")
    rate_goal(family, goal.id, 6, cycle=1, rated_by="Jo")
    assert family.goals[0].latest.value == 6


def test_helping_question_must_be_short_and_not_empty():
    family = make_family()
    with pytest.raises(InvalidInput, match="Helping question cannot be empty"):
        set_helping_question(family, "   ")
    with pytest.raises(InvalidInput, match="at most 300 characters"):
        set_helping_question(family, "why " * 100)
    assert set_helping_question(family, "How can I help him stay calm?").text.endswith("calm?")


def test_clips_need_an_end_after_their_start_and_known_tags():
    with pytest.raises(InvalidInput, match="end must come after its start"):
        build(Clip, start_ms=2000, end_ms=2000)
    with pytest.raises(InvalidInput, match="Clip start must be at least 0"):
        build(Clip, start_ms=-5, end_ms=2000)
    clip = build(Clip, start_ms=1000, end_ms=4000, tags=["receiving", "receiving.repeating_words", "custom.giggles"])
    family = make_family(custom_tags=[{"id": "custom.giggles", "label": "Shared giggles"}],
                         cycles=[{"number": 1, "clips": [clip.model_dump()]}])
    assert family.cycles[0].clips[0].duration_ms == 3000
    with pytest.raises(InvalidInput, match="not in the catalogue: attentive.nonsense"):
        make_family(cycles=[{"number": 1, "clips": [{"start_ms": 0, "end_ms": 900, "tags": ["attentive.nonsense"]}]}])
    with pytest.raises(InvalidInput, match="start with 'custom.'"):
        build(CustomTag, id="giggles", label="Giggles")


def test_cycles_are_numbered_without_gaps_and_closed_families_have_a_date():
    with pytest.raises(InvalidInput, match="numbered 1, 2, 3"):
        make_family(cycles=[Cycle(number=1), Cycle(number=3)])
    with pytest.raises(InvalidInput, match="needs its close date"):
        make_family(status="closed")
    assert make_family(status="closed", closed_on=TODAY).closed_on == TODAY


def test_huge_notes_are_refused_not_truncated():
    with pytest.raises(InvalidInput, match="Note can be at most 20000 characters"):
        build(Clip, start_ms=0, end_ms=1000, note="x" * 20_001)


def test_consent_round_trips_through_json():
    consent = build(Consent, given_by="Jo", role="parent", given_on=TODAY, covers=["filming"])
    assert Consent.model_validate_json(consent.model_dump_json()) == consent
    assert Family.model_validate_json(make_family().model_dump_json()) == make_family()
