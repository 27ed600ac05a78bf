from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent, withdraw_consent
from workbench.core.errors import InvalidInput
from workbench.cycle import analysis, reels
from workbench.media import clips
from workbench.media.compose import CARD_SECONDS
from workbench.media.library import ready_film
from workbench.media.probe import probe
from workbench.model import Clip, Cycle

from ..conftest import make_family
from ..films import frame_numbers, ingest

CLIPS = [  # (start, end, chosen, order, tags)
    (3000, 4000, True, 1, ["guiding.scaffolding"]),
    (500, 1500, True, 0, ["attentive", "receiving.repeating_words"]),
    (4500, 5000, False, None, ["attuned"]),
]


@pytest.fixture(scope="module")
def family(tmp_path_factory, films):
    store = FamilyStore(tmp_path_factory.mktemp("reels"))
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(),
                                                   ["filming", "copies for the carer"]))
    ingest(store, "VIG-0001", films["landscape"])
    store.update("VIG-0001", lambda f: f.cycles.append(Cycle(number=2)))
    ingest(store, "VIG-0001", films["phone"], cycle=2)

    def mark(f):
        f.cycles[0].clips = [Clip(start_ms=s, end_ms=e, chosen=c, order=o, tags=t) for s, e, c, o, t in CLIPS]
        f.cycles[1].clips = [Clip(start_ms=1000, end_ms=2500, chosen=True, order=0, tags=["guiding"])]

    store.update("VIG-0001", mark)
    return store


def test_the_review_reel_plays_the_chosen_clips_in_order_after_cards(family):
    progress = []
    path = reels.review_reel(family, "VIG-0001", 1, progress.append)
    facts = probe(path)
    assert facts.audio_codec == "aac" and facts.video_codec == "h264"  # not moviepy's MP3 default
    expected_s = 2 * CARD_SECONDS + 31 / 30 + 31 / 30
    assert abs(facts.duration_ms / 1000 - expected_s) < 0.2
    assert progress and progress[-1] == 1.0 and progress == sorted(progress)
    numbers = frame_numbers(path)
    first_clip = numbers[round(CARD_SECONDS * 30) + 2]
    second_clip = numbers[round((2 * CARD_SECONDS + 31 / 30) * 30) + 2]
    assert 15 <= first_clip <= 20 and 90 <= second_clip <= 95  # order 0 (0.5 s) first, then order 1 (3 s)
    assert reels.review_reel(family, "VIG-0001", 1) == path  # unchanged clips: the same reel


def test_reels_need_consent_to_copies(family):
    family.update("VIG-0001", lambda f: withdraw_consent(f, f.consents[0].id, date.today()))
    try:
        with pytest.raises(InvalidInput, match="consent to copies"):
            reels.review_reel(family, "VIG-0001", 1)
    finally:
        family.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(),
                                                          ["filming", "copies for the carer"]))


def test_side_by_side_of_two_cycles(family):
    f = family.load("VIG-0001")
    path = reels.side_by_side(family, "VIG-0001", (1, f.cycles[0].clips[1].id), (2, f.cycles[1].clips[0].id))
    facts = probe(path)
    assert facts.audio_codec == "aac"
    # landscape 16:9 and portrait 9:16 at the same height, side by side, under their labels
    assert facts.width > facts.height and abs(facts.width - (480 * 16 / 9 + 480 * 9 / 16)) < 8
    assert abs(facts.duration_ms - 1500 * 31 / 30 / 1.0) < 200 or abs(facts.duration_ms - 46 / 30 * 1000) < 200


def test_the_reel_follows_the_review_order(family):
    assert [c.start_ms for c in analysis.chosen(family.load("VIG-0001").cycles[0])] == [500, 3000]


def test_clips_of_a_film_that_is_not_ready_are_refused(tmp_path):
    store = FamilyStore(tmp_path)
    store.create(make_family())
    with pytest.raises(InvalidInput, match="not ready"):
        ready_film(store, store.load("VIG-0001"), 1)
    assert clips.frame_index(0, 30) == 0
