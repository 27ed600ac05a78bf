"""Every clip of a shared review cut before it is shown, so a screen never waits for ffmpeg when a clip comes up.

Cutting a clip with its lead-in takes seconds on a busy machine; done when a screen first asks for it,
the carer looked at an unchanged screen for that long. The review page asks the queue for the cuts
it lacks as soon as it opens (and again after any clip changes), and shows the guider their progress.
"""

from __future__ import annotations

from ..core.errors import WorkbenchError
from ..core.settings import load_settings
from ..core.store import FamilyStore
from ..jobs import board
from ..jobs.kinds import JobKind
from ..jobs.records import Job
from ..jobs.tasks import Tracker
from ..model import Family
from . import clip_files, invitations
from .films import ready_film
from .review import review_clips
from .stage import cut_span


def cuts_subject(code: str, cycle_number: int) -> str:
    return f"cuts-{code}-{cycle_number}"


def spans(store: FamilyStore, family: Family, cycle_number: int) -> list[tuple[int, int]]:
    """The stretch of film each of the review's clips plays, lead-in included, in the review's order."""
    lead_in_s = load_settings(store.root).lead_in_s
    return [cut_span(clip, lead_in_s) for clip in review_clips(family, cycle_number)]


def waiting(store: FamilyStore, family: Family, cycle_number: int) -> tuple[int, int]:
    """(clips not cut yet, clips in the review); (0, 0) when the cycle's film is not ready to cut from."""
    try:
        film = ready_film(store, family, cycle_number)
    except WorkbenchError:
        return 0, 0
    every = spans(store, family, cycle_number)
    lighter = _at_a_distance(family, cycle_number)
    ready = [clip_files.exported(film, start, end) and (not lighter or clip_files.light_made(film, start, end))
             for start, end in every]
    return ready.count(False), len(every)


def _at_a_distance(family: Family, cycle_number: int) -> bool:
    """Whether a carer is invited to watch this review on their own device: their lighter copies are cut too."""
    return any(i.cycle == cycle_number for i in invitations.live(family))


def queue_cuts(store: FamilyStore, code: str, cycle_number: int) -> Job | None:
    """Ask the queue to cut the review's clips that are not cut yet (one job per review: asking again while it
    runs adds nothing); None when every clip is cut."""
    family = store.authorize(code)
    if waiting(store, family, cycle_number)[0] == 0:
        return None
    return board.submit(store.root, CUT_CLIPS, cuts_subject(code, cycle_number), code, cycle=cycle_number)


def _cut(tracker: Tracker, code: str, cycle: int) -> str:
    store = FamilyStore(tracker.root)
    family = store.load(code)
    film = ready_film(store, family, cycle)
    every = spans(store, family, cycle)
    lighter = _at_a_distance(family, cycle)
    for done, (start, end) in enumerate(every, start=1):
        if tracker.should_cancel():
            break
        clip_files.export(film, start, end)  # kept beside the film: a screen then finds it made
        if lighter:
            clip_files.light(film, start, end)
        tracker.progress(done / len(every))
    return ""


# Ahead of films and everything else: the guider is about to sit down with the carer.
CUT_CLIPS = JobKind("review_cuts", _cut, priority=1, made_from_film=True)
