"""Agreement between two codings of one film: kappa against worked examples, bins, and the overlap of moments."""

import math

import pytest

from workbench.model import Clip
from workbench.supervision.agreement import agreement, bins, cohen_kappa, overlap


def clip(start_ms: int, end_ms: int, *tags: str) -> Clip:
    return Clip(start_ms=start_ms, end_ms=end_ms, tags=list(tags))


def test_kappa_of_the_textbook_example():
    # 50 cases: both yes 20, first yes second no 5, first no second yes 10, both no 15 (Cohen's worked
    # example as taught): observed 0.70, chance 0.50, kappa 0.40.
    first = [True] * 20 + [True] * 5 + [False] * 10 + [False] * 15
    second = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    assert math.isclose(cohen_kappa(first, second), 0.4)
    assert cohen_kappa(first, first) == 1.0
    assert math.isclose(cohen_kappa([True, False], [False, True]), -1.0)


def test_kappa_is_undefined_without_variation_and_refuses_unequal_codings():
    assert cohen_kappa([False] * 10, [False] * 10) is None
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        cohen_kappa([True], [True, False])


def test_a_bin_counts_when_a_tagged_clip_covers_half_of_it():
    coded = bins([clip(500, 1400, "attentive.looking_interested"), clip(3000, 4000, "guiding")], "attentive", 5000)
    assert coded == [True, False, False, False, False]  # 0.5 s of bin 0 is half; 0.4 s of bin 1 is not
    assert bins([clip(0, 2500, "attentive")], "attentive", 2500) == [True, True, True]  # the last bin is 0.5 s
    with pytest.raises(ValueError):
        bins([], "attentive", 1000, bin_ms=0)


def test_two_codings_of_a_ten_second_film():
    guider = [clip(0, 4000, "attentive")]
    supervisor = [clip(2000, 6000, "attentive.looking_interested"), clip(7000, 8000, "guiding.scaffolding")]
    result = agreement(guider, supervisor, 10_000)
    attentive = next(p for p in result.principles if p.principle == "attentive")
    # Bins 0-3 against 2-5: agree on 2, 3 and 6-9 (0.6); chance 0.4*0.4 + 0.6*0.6 = 0.52; kappa 0.08/0.48.
    assert math.isclose(attentive.kappa, 1 / 6) and (attentive.bins_first, attentive.bins_second) == (4, 4)
    guiding = next(p for p in result.principles if p.principle == "guiding")
    assert guiding.kappa == 0.0 and (guiding.bins_first, guiding.bins_second) == (0, 1)
    assert math.isclose(result.overlap, 2000 / 7000)  # both 2-4 s; either 0-6 s and 7-8 s
    assert [p.number for p in result.principles] == sorted(p.number for p in result.principles)


def test_overlap_merges_a_codings_own_overlapping_clips():
    assert overlap([clip(0, 3000), clip(2000, 4000)], [clip(0, 4000)]) == 1.0
    assert overlap([], []) is None
    assert overlap([clip(0, 1000)], [clip(2000, 3000)]) == 0.0


def test_kappa_in_words_on_landis_and_kochs_scale():
    from workbench.supervision.agreement import strength

    assert [strength(k) for k in (None, -0.3, 0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)] == [
        "nothing to compare: neither coder marked it", "less than chance", "none beyond chance", "slight", "fair",
        "moderate", "substantial", "almost perfect", "almost perfect"]


def test_a_codings_own_overlapping_clips_count_once_and_full_agreement_is_said_so():
    twice = [clip(0, 300, "attentive"), clip(0, 300, "attentive")]  # one 0.3 s stretch, marked twice
    assert bins(twice, "attentive", 1000) == [False]
    everywhere = [clip(0, 3000, "attentive")]
    result = agreement(everywhere, everywhere, 3000)
    attentive = next(p for p in result.principles if p.principle == "attentive")
    assert attentive.kappa is None and result.steps == 3
    assert result.words(attentive) == "full: both marked it throughout"
    guiding = next(p for p in result.principles if p.principle == "guiding")
    assert result.words(guiding) == "nothing to compare: neither coder marked it"
