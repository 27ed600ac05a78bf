"""The Training copies page's steps: pick a clip, find its faces, preview the blur, confirm, download."""

from __future__ import annotations

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.core.words import short_clock
from workbench.cycle.analysis import chosen, clip_label
from workbench.model import Clip, Family
from workbench.supervision import training, training_reels

from .jobs import ask_for, follow_job
from .media import download_link, media_url, picture
from .state import current_account, store
from .watch import watched_whole
from .widgets import problem

NO_ONE = 0


def clip_picker(family: Family, cycle_number: int) -> Clip | None:
    cycle = family.cycle(cycle_number)
    if cycle.film is None or not cycle.film.ready or not cycle.clips:
        st.info("Mark clips on the Micro-analysis step first; a training copy is made of one clip.",
                icon=":material/movie:")
        return None
    return st.selectbox("Clip", cycle.clips, format_func=lambda c: clip_label(cycle_number, c)
                        + (f" · {c.note[:40]}" if c.note else ""), key=f"training_clip_{family.code}")


def faces_step(family: Family, cycle_number: int, clip: Clip) -> None:
    subject = training.faces_subject(family.code, cycle_number, clip.id)
    try:
        found = training.faces_found(store(), family, cycle_number, clip)
    except WorkbenchError as error:
        problem(error.message)
        return
    if found is None:
        if st.button("Find the faces in this clip", type="primary", icon=":material/face_retouching_off:"):
            ask_for(lambda: training.queue_faces(store(), family.code, cycle_number, clip.id))
            st.rerun()
        follow_job(subject, "Finding every face, frame by frame…", lambda made: None)
        return
    st.header("1 · Faces found", anchor=False)
    numbers = [t.number for t in found.plan.people]
    if not found.plan.tracks:
        st.warning("No face was found in this clip, so no training copy is made of it: nothing would be blurred. "
                   "If people are in it, choose another clip.", icon=":material/face_retouching_off:")
        return
    columns = st.columns(6)  # side by side, however few
    for column, number in zip(columns, numbers, strict=False):
        if number in found.pictures:
            picture(found.pictures[number], f"Face {number}", caption=f"Face {number}", width=110, where=column)
    leave = st.radio("Leave one face clear", [NO_ONE, *numbers], horizontal=True,
                     format_func=lambda n: "Blur every face" if n == NO_ONE else f"Leave face {n} clear",
                     help="For example your own face, when the copy shows how you guided. Every other face is "
                          "blurred, and so is this one wherever it was not clearly seen.", key=f"leave_{clip.id}")
    _preview_step(family, cycle_number, clip, leave)


def _preview_step(family: Family, cycle_number: int, clip: Clip, leave: int) -> None:
    st.header("2 · Preview", anchor=False)
    try:
        stills = training.preview(store(), family, cycle_number, clip, leave)
    except WorkbenchError as error:
        problem(error.message)
        return
    even = [s for s in stills if not s.doubtful]
    for column, (n, still) in zip(st.columns(len(even)), enumerate(even, start=1), strict=True):
        picture(still.path, f"Preview {n} of the blurred copy, at {short_clock(still.ms)}",
                caption=f"{n} of {len(even)} · {short_clock(still.ms)}", where=column)
    doubts = [s for s in stills if s.doubtful]
    if doubts:
        st.markdown("**Where a face was missed for a moment.** The blur is carried across these gaps; look closely "
                    "that no face is left clear.")
        for column, still in zip(st.columns(max(len(doubts), 4)), doubts, strict=False):
            picture(still.path, f"Blurred copy at {short_clock(still.ms)}, where a face was missed for a moment",
                    caption=short_clock(still.ms), where=column)
    st.header("3 · Make the copy", anchor=False)
    sound = st.checkbox("Keep the sound", key=f"sound_{clip.id}",
                        help="Off unless you need it: voices, and names said aloud, can tell who a family is.")
    confirmed = st.checkbox("I have looked at the preview: no face that must stay hidden can be seen",
                            key=f"confirm_{clip.id}_{leave}_{sound}")
    if st.button("Make the blurred copy", type="primary", disabled=not confirmed):
        ask_for(lambda: training.queue_blurred(store(), family.code, cycle_number, clip.id, leave,
                                               current_account().username, confirmed, sound))
        st.rerun()
    follow_job(training.blur_subject(family.code, cycle_number, clip.id), "Blurring every face, frame by frame…",
               lambda made: None)
    made = training.copy_for(store(), family, cycle_number, clip, leave, sound)
    if made is not None:  # the copy of exactly this clip and this choice; never an older one
        _offer(made, training.blurred_name(cycle_number, clip, sound), f"{clip.id}_{leave}_{sound}")


def reel_step(family: Family, cycle_number: int) -> None:
    """A reel of the cycle's chosen clips for teaching, made only of their blurred copies."""
    st.header(f"A training reel of cycle {cycle_number}", anchor=False)
    missing = training_reels.reel_missing(store(), family, cycle_number)
    if not chosen(family.cycle(cycle_number)):
        st.caption("The reel is made of the clips chosen for the shared review, on the Micro-analysis step; none "
                   "is chosen yet.")
        return
    if missing:
        st.caption("The reel is made of the blurred copies of the clips chosen for the shared review. Still to "
                   "blur: " + ", ".join(clip_label(cycle_number, c) for c in missing) + ".")
    if st.button("Make the training reel", disabled=bool(missing)):
        ask_for(lambda: training_reels.queue_training_reel(store(), family.code, cycle_number,
                                                     current_account().username))
        st.rerun()
    follow_job(training_reels.reel_subject(family.code, cycle_number), "Putting the blurred clips together…",
               lambda made: _offer(made, training_reels.reel_name(cycle_number), f"reel_{cycle_number}"))


def _offer(made, name: str, key: str) -> None:
    """The copy to watch, whole, before it can be downloaded: a detector can miss a face that a person sees."""
    shown, _ = st.columns([3, 2])
    with shown:
        watched = watched_whole(media_url(made), f"The blurred copy {name}", key=f"watch_{key}_{made.name}")
    if not st.checkbox("I have watched the whole copy: no face that must stay hidden can be seen",
                       key=f"watched_{key}", disabled=not watched,
                       help=None if watched else "Play the copy to the end first (up to twice speed)."):
        return
    download_link(f"Download {name}", made, name=name)
    still, still_name = made.with_suffix(".jpg"), name.removesuffix(".mp4").removesuffix("-no-sound") + ".jpg"
    if still.exists():
        download_link(f"Download its still ({still_name})", still, name=still_name)
