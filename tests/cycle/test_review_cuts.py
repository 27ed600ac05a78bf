"""The shared review's clips are cut on the queue before they are shown: a screen then finds each one made."""

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.care.retention import erase_family
from workbench.core.settings import load_settings
from workbench.cycle import analysis, review_cuts, stage
from workbench.jobs import board
from workbench.jobs.queue import queue_for
from workbench.jobs.records import State
from workbench.media.probe import probe
from workbench.trust.access import AccessDenied, edit_guard
from workbench.trust.accounts import Role, create_account

from ..conftest import make_family
from ..films import frame_numbers, ingest


@pytest.fixture
def reviewed(data_root, films):
    store = FamilyStore()
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    ingest(store, "VIG-0001", films["landscape"])

    def mark(f):
        for start in (500, 2000, 4000):
            analysis.choose(f, 1, analysis.add_clip(f, 1, start, start + 900, ["attentive"]).id, True)
        analysis.add_clip(f, 1, 3000, 3500, ["attuned"])  # not chosen: not cut

    store.update("VIG-0001", mark)
    return store


def run_queue(store):
    huey = queue_for(store.root)
    while (task := huey.dequeue()) is not None:
        huey.execute(task)


def test_every_clip_of_the_review_is_cut_before_a_screen_asks_and_the_screen_plays_that_cut(reviewed):
    store = reviewed
    family = store.load("VIG-0001")
    assert review_cuts.waiting(store, family, 1) == (3, 3)
    job = review_cuts.queue_cuts(store, "VIG-0001", 1)
    assert review_cuts.queue_cuts(store, "VIG-0001", 1).task_id == job.task_id  # asked twice: one job
    run_queue(store)
    assert board.find(store.root, review_cuts.cuts_subject("VIG-0001", 1)).state == State.DONE
    assert review_cuts.waiting(store, family, 1) == (0, 3) and review_cuts.queue_cuts(store, "VIG-0001", 1) is None
    # The screen's cut for each clip is the one already made: the same file, untouched.
    cue = stage.start("ada", "VIG-0001", 1)
    for clip in stage_clips(family):
        shown = stage.scene(family, stage.change("ada", "VIG-0001", 1, clip_id=clip.id), load_settings().lead_in_s)
        path = review_cuts.clip_files.export(review_cuts.ready_film(store, family, 1), shown.start_ms, shown.end_ms)
        made_at = path.stat().st_mtime_ns
        assert stage.cut(store, family, 1, shown) == path and path.stat().st_mtime_ns == made_at
        # Its lead-in and the clip itself, frame for frame (30 fps): no more, no less.
        numbers = frame_numbers(path)
        assert numbers[0] == shown.start_ms * 30 // 1000 and numbers == list(range(numbers[0], numbers[-1] + 1))
        assert abs(numbers[-1] - shown.end_ms * 30 / 1000) <= 1 and probe(path).frames == len(numbers)
    assert cue.family == "VIG-0001"


def stage_clips(family):
    return [c for c in family.cycle(1).clips if c.chosen]


def test_a_clip_moved_after_its_cut_is_cut_again(reviewed):
    store = reviewed
    review_cuts.queue_cuts(store, "VIG-0001", 1)
    run_queue(store)
    first = stage_clips(store.load("VIG-0001"))[0]
    store.update("VIG-0001", lambda f: analysis.edit_clip(f, 1, first.id, end_ms=first.end_ms + 500))
    assert review_cuts.waiting(store, store.load("VIG-0001"), 1) == (1, 3)
    review_cuts.queue_cuts(store, "VIG-0001", 1)
    run_queue(store)
    assert review_cuts.waiting(store, store.load("VIG-0001"), 1) == (0, 3)


def test_only_the_familys_guider_can_ask_and_an_erased_family_is_never_cut(reviewed, data_root):
    store = reviewed
    zed = create_account("zed", "Zed", "correct horse battery", [Role.GUIDER])
    with pytest.raises(AccessDenied):
        review_cuts.queue_cuts(FamilyStore(data_root, guard=edit_guard(zed)), "VIG-0001", 1)
    assert board.find(store.root, review_cuts.cuts_subject("VIG-0001", 1)) is None
    review_cuts.queue_cuts(store, "VIG-0001", 1)
    erase_family(store, "VIG-0001")
    run_queue(store)  # the job finds no family: it makes nothing
    assert not list(data_root.rglob("clip-*.mp4"))
