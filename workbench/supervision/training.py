"""Copies for use in training, every face blurred: a clip and its still, only under that consent.

Made only while the family's consent to use in training stands, and only after the guider has seen a
preview and confirmed it.

Three steps, the long ones on the queue: find the faces in the clip (``queue_faces``), preview the
blurred result (``preview``, a few stills, at once), then make the copy (``queue_blurred``). The
copy's name says it is blurred; so does its line in the audit log. Withdrawing the consent deletes
every training copy (``remove_training_copies``). A reel of copies is made in ``training_reels``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2

from ..core.errors import InvalidInput
from ..core.storages import atomic_write_bytes, make_dirs, partial_path
from ..core.store import FamilyStore
from ..core.words import clock
from ..jobs import board
from ..jobs.kinds import JobKind
from ..jobs.records import Job
from ..jobs.tasks import Tracker
from ..media.clips import clip_frames
from ..media.ffmpeg import FfmpegFailed
from ..media.library import TRAINING, ReadyFilm, ready_film
from ..model import Clip, ConsentScope, Family
from ..moments.blur import FacePlan, blurred_clip, blurred_picture, plan_faces
from ..moments.kept import keep
from ..trust import audit

PREVIEWS = 4
NEEDS = (ConsentScope.TRAINING,)


def require_training(family: Family) -> None:
    if not family.has_consent(ConsentScope.TRAINING):
        raise InvalidInput("Copies for training need the family's consent to use in training, and none is in force.")


def _clip(family: Family, cycle_number: int, clip_id: str) -> Clip:
    clip = next((c for c in family.cycle(cycle_number).clips if c.id == clip_id), None)
    if clip is None:
        raise InvalidInput("That clip no longer exists; it may have been deleted in another window.")
    return clip


def span(film: ReadyFilm, clip: Clip) -> str:
    first, last = clip_frames(clip.start_ms, clip.end_ms, film.proxy)
    return f"{first}-{last}"


def faces_subject(code: str, cycle_number: int, clip_id: str) -> str:
    return f"faces-{code}-{cycle_number}-{clip_id}"


def blur_subject(code: str, cycle_number: int, clip_id: str) -> str:
    return f"blur-{code}-{cycle_number}-{clip_id}"


def queue_faces(store: FamilyStore, code: str, cycle_number: int, clip_id: str) -> Job:
    """Queue the search for every face in the clip, frame by frame."""
    family = store.authorize(code)
    require_training(family)
    _clip(family, cycle_number, clip_id)
    return board.submit(store.root, FACES, faces_subject(code, cycle_number, clip_id), code, cycle=cycle_number,
                        clip_id=clip_id)


def find_faces(store: FamilyStore, code: str, cycle_number: int, clip_id: str,
               on_progress: Callable[[float], None], stop: Callable[[], bool]) -> Path:
    """The queued search: the clip's face tracks, and a picture of each face for the guider to tell them apart."""
    family = store.load(code)
    require_training(family)
    film, clip = ready_film(store, family, cycle_number), _clip(family, cycle_number, clip_id)
    first, last = clip_frames(clip.start_ms, clip.end_ms, film.proxy)
    last_frame = max(0, round(film.proxy.duration_ms * film.proxy.fps / 1000) - 1)
    plan, faces = plan_faces(film.files.proxy, film.proxy.width, film.proxy.height, film.proxy.fps, first, last,
                             last_frame, on_progress, stop)
    folder = film.files.training
    target = folder / f"faces-{first}-{last}.json"

    def write() -> None:
        for number, picture in faces.items():
            ok, jpeg = cv2.imencode(".jpg", picture)
            if ok:
                atomic_write_bytes(folder / f"face-{first}-{last}-{number}.jpg", jpeg.tobytes())
        atomic_write_bytes(target, plan.to_json())

    keep(store, code, film.files.folder, write, NEEDS)
    return target


@dataclass(frozen=True)
class FacesFound:
    """A clip's faces: the plan, and a picture of each track's face (by track number)."""

    plan: FacePlan
    pictures: dict[int, Path]


def faces_found(store: FamilyStore, family: Family, cycle_number: int, clip: Clip) -> FacesFound | None:
    """The faces found in the clip as it is now (None if not searched, or its edges moved since)."""
    require_training(family)
    film = ready_film(store, family, cycle_number)
    frames = span(film, clip)
    try:
        plan = FacePlan.from_json((film.files.training / f"faces-{frames}.json").read_bytes())
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    if f"{plan.first}-{plan.last}" != frames or plan.fps != film.proxy.fps:
        return None  # not this clip's plan (a file put there by hand): look again
    pictures = {t.number: film.files.training / f"face-{frames}-{t.number}.jpg" for t in plan.people}
    return FacesFound(plan, {n: p for n, p in pictures.items() if p.exists()})


def _has_faces(found: FacesFound) -> None:
    if not found.plan.tracks:
        raise InvalidInput("No face was found in this clip, so nothing would be blurred: a training copy is made "
                           "only of a clip whose faces were found. If people are in it, choose another clip.")


def _leave(found: FacesFound, leave: int) -> frozenset[int]:
    if leave and leave not in {t.number for t in found.plan.people}:
        raise InvalidInput("That face is no longer among those found; please choose again.")
    return frozenset({leave}) if leave else frozenset()


@dataclass(frozen=True)
class PreviewStill:
    """One still of the preview: where in the clip, and whether it is where a face the tracks expect went unfound."""

    path: Path
    ms: int
    doubtful: bool


def preview(store: FamilyStore, family: Family, cycle_number: int, clip: Clip, leave: int = 0) -> list[PreviewStill]:
    """Stills across the clip, blurred as the copy will be (made at once, then kept): a few evenly spread, then
    the frames where a face was missed for a moment, where a guider is likeliest to see one left clear."""
    found = faces_found(store, family, cycle_number, clip)
    if found is None:
        raise InvalidInput("Find the faces in this clip first.")
    film, plan = ready_film(store, family, cycle_number), found.plan
    clear = _leave(found, leave)
    even = [plan.first + round(k * (plan.last - plan.first) / (PREVIEWS - 1)) for k in range(PREVIEWS)]
    shown = []
    for frame, doubtful in [*((f, False) for f in even), *((f, True) for f in plan.doubtful() if f not in even)]:
        target = film.files.training / f"preview-{plan.first}-{plan.last}-{frame}-clear{leave}.jpg"
        if not target.exists():
            try:
                picture = blurred_picture(film.files.proxy, film.proxy.width, film.proxy.height, plan, frame, clear)
            except (FfmpegFailed, StopIteration, ValueError, IndexError, ZeroDivisionError) as error:
                raise InvalidInput("The preview could not be made from this film's review copy. Find the faces "
                                   "again; if it keeps failing, remove the film and add it again.") from error
            jpeg = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
            keep(store, family.code, film.files.folder, _writer(target, jpeg), NEEDS)
        shown.append(PreviewStill(target, plan.ms(frame), doubtful))
    return shown


def _writer(target: Path, payload: bytes) -> Callable[[], None]:
    return lambda: atomic_write_bytes(target, payload)


def queue_blurred(store: FamilyStore, code: str, cycle_number: int, clip_id: str, leave: int, who: str,
                  confirmed: bool, sound: bool = False) -> Job:
    """Queue the blurred copy, once the guider has confirmed the preview."""
    if not confirmed:
        raise InvalidInput("Look at the preview and confirm it before the copy is made.")
    family = store.authorize(code)
    require_training(family)
    found = faces_found(store, family, cycle_number, _clip(family, cycle_number, clip_id))
    if found is None:
        raise InvalidInput("The clip changed since its faces were found; find them again and look at the preview.")
    _has_faces(found)
    _leave(found, leave)
    return board.submit(store.root, BLUR, blur_subject(code, cycle_number, clip_id), code, cycle=cycle_number,
                        clip_id=clip_id, leave=leave, who=who, sound=bool(sound))


def blurred_name(cycle_number: int, clip: Clip, sound: bool) -> str:
    """The name a training copy is offered under: it says it is blurred (and silent), and names no family."""
    at = clock(clip.start_ms).replace(":", "m").replace(".", "s")
    return f"training-clip-cycle-{cycle_number}-{at}-faces-blurred{'' if sound else '-no-sound'}.mp4"


def _copy_path(film: ReadyFilm, plan: FacePlan, leave: int, sound: bool) -> Path:
    heard = "sound" if sound else "silent"
    return film.files.training / f"clip-{plan.first}-{plan.last}-clear{leave}-{heard}-blurred.mp4"


def copy_for(store: FamilyStore, family: Family, cycle_number: int, clip: Clip, leave: int, sound: bool) -> Path | None:
    """The copy made of the clip as it is now, for exactly this choice, if there is one."""
    found = faces_found(store, family, cycle_number, clip)
    if found is None:
        return None
    made = _copy_path(ready_film(store, family, cycle_number), found.plan, leave, sound)
    return made if made.exists() else None


def make_blurred(store: FamilyStore, code: str, cycle_number: int, clip_id: str, leave: int, who: str,
                 on_progress: Callable[[float], None], stop: Callable[[], bool], sound: bool = False) -> Path:
    """The queued copy: the clip with every face blurred (but the one left clear where it was seen), and its still
    likewise; without its sound unless asked, since voices and names can say who a family is."""
    family = store.load(code)
    require_training(family)
    clip = _clip(family, cycle_number, clip_id)
    found = faces_found(store, family, cycle_number, clip)
    if found is None:
        raise InvalidInput("The clip changed since its faces were found; find them again and look at the preview.")
    _has_faces(found)
    film, plan = ready_film(store, family, cycle_number), found.plan
    clear = _leave(found, leave)
    folder = film.files.training
    target = _copy_path(film, plan, leave, sound)
    keep(store, code, film.files.folder, lambda: make_dirs(folder), NEEDS)
    partial = partial_path(target, keep_suffix=True)
    try:
        blurred_clip(film.files.proxy, film.proxy.width, film.proxy.height, plan, partial, clear, on_progress, stop,
                     sound=sound)
        frame = min(max(plan.first, round(clip.still_at_ms * plan.fps / 1000)), plan.last)
        still = blurred_picture(film.files.proxy, film.proxy.width, film.proxy.height, plan, frame, clear)
        jpeg = cv2.imencode(".jpg", still, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()

        def publish() -> None:
            partial.replace(target)
            atomic_write_bytes(target.with_suffix(".jpg"), jpeg)
            for shown in folder.glob(f"preview-{plan.first}-{plan.last}-*.jpg"):
                shown.unlink(missing_ok=True)  # seen and confirmed: not kept beside the copy

        keep(store, code, film.files.folder, publish, NEEDS)
    finally:
        partial.unlink(missing_ok=True)
    if not store.load(code).has_consent(ConsentScope.TRAINING):  # withdrawn while it was being made
        shutil.rmtree(folder, ignore_errors=True)
        raise InvalidInput("Consent to use in training was withdrawn while this was being made; nothing was kept.")
    audit.record(who, audit.AuditEvent.EXPORT, code, root=store.root,
                 detail=f"training copy made, faces blurred ({len(plan.people) - len(clear)} of {len(plan.people)} "
                        f"people{', one left clear' if clear else ''}; {'with' if sound else 'no'} sound)")
    return target


def cancel_jobs(store: FamilyStore, code: str, cycle_number: int | None = None) -> None:
    """Stop the family's training work on the queue (of one cycle, or all)."""
    board.cancel_needing(store.root, code, ConsentScope.TRAINING, cycle_number)


def remove_training_copies(store: FamilyStore, code: str) -> None:
    """Stop the training work, and delete every training copy of the family and what was found to make them,
    under every film folder (a film removed from the record included)."""
    cancel_jobs(store, code)
    for folder in store.media_dir(code).glob(f"*/{TRAINING}"):
        shutil.rmtree(folder, ignore_errors=True)


def _faces(tracker: Tracker, code: str, cycle: int, clip_id: str) -> str:
    made = find_faces(FamilyStore(tracker.root), code, cycle, clip_id, tracker.progress, tracker.should_cancel)
    return str(made.relative_to(tracker.root))


def _blur(tracker: Tracker, code: str, cycle: int, clip_id: str, leave: int, who: str, sound: bool = False) -> str:
    made = make_blurred(FamilyStore(tracker.root), code, cycle, clip_id, leave, who, tracker.progress,
                        tracker.should_cancel, sound=sound)
    return str(made.relative_to(tracker.root))


FACES = JobKind("faces", _faces, needs=ConsentScope.TRAINING, made_from_film=True)
BLUR = JobKind("blur", _blur, needs=ConsentScope.TRAINING, made_from_film=True)
