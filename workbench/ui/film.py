"""The Film step's panels: adding a film, following its preparation, and the ready film with its exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.core.words import seconds, size
from workbench.cycle import analysis, films, reels
from workbench.model import ConsentScope, Family, FilmStatus

from . import pages
from .jobs import ask_for, follow_job, no_worker_note
from .media import download_link, media_url, picture, video_tag
from .state import current_account, store
from .uploads import film_upload
from .widgets import attempt, plain, problem, save, when

UPLOAD_TYPES = sorted(suffix.lstrip(".") for suffix in films.VIDEO_SUFFIXES)


def _add(family: Family, cycle_number: int, activity: str, filmed_on: date, stage, slot: films.FilmSlot) -> None:
    """Stage with a progress bar, record the film and start preparing it; errors become one sentence."""
    if not activity.strip():
        st.error("Please say what activity was filmed, for example 'Building a tower together'.")
        return
    bar = st.progress(0.0, text="Copying and checking the film…")
    try:
        staged = stage(lambda fraction: bar.progress(fraction, text="Copying and checking the film…"))
        bar.progress(1.0, text="Checking the film…")
        films.add(store(), family.code, cycle_number, staged, activity, filmed_on, slot)
    except WorkbenchError as error:
        bar.empty()
        problem(error.message)
        return
    st.rerun()


def _upload(family: Family, cycle_number: int, activity: str, filmed_on: date, slot: films.FilmSlot) -> None:
    """The browser sends the film to disk in pieces; once it is all there, Add this film stages it."""
    spent_key = f"upload_spent:{family.code}:{cycle_number}:{slot}"
    box = film_upload(family.code, films.consent_for(slot), UPLOAD_TYPES, spent=st.session_state.get(spent_key),
                      key=f"upload:{family.code}:{cycle_number}:{slot}")
    uploaded = box.uploaded if box.uploaded and box.uploaded.get("id") != st.session_state.get(spent_key) else None
    if st.button("Add this film", type="primary", disabled=uploaded is None, key="add_upload"):
        if activity.strip():  # else _add asks for it, and the film waits in the box
            st.session_state[spent_key] = uploaded["id"]  # used now, whatever happens: the box clears
        _add(family, cycle_number, activity, filmed_on, lambda progress: films.stage_uploaded(
            store(), family.code, current_account().username, str(uploaded["id"])), slot)


def add_film_panel(family: Family, cycle_number: int, slot: films.FilmSlot = films.FILM) -> None:
    review = slot == films.REVIEW_FILM
    if not family.has_consent(ConsentScope.REVIEW_FILMING if review else ConsentScope.FILMING):
        st.warning("No consent to filming the shared review for supervision is recorded for this family, so it "
                   "cannot be added yet." if review else
                   "No filming consent is recorded for this family, so no film can be added yet.",
                   icon=":material/videocam_off:")
        st.page_link(pages.GOALS.path, label="Record consent on the Goals step", icon=":material/flag:")
        return
    st.header(f"Add the film of cycle {cycle_number}'s shared review" if review else
                 f"Add the film for cycle {cycle_number}", anchor=False)
    left, right = st.columns([3, 1])
    earlier = family.cycle(cycle_number - 1).review if cycle_number > 1 and not review else None
    activity = left.text_input("What was filmed" if review else "Activity filmed", max_chars=300,
                               placeholder="For example: Our second shared review" if review else
                               "For example: Building a tower together",
                               value=earlier.next_film_plan if earlier else "")  # as agreed at the last review
    filmed_on = right.date_input("Date filmed", value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
    keep = st.toggle("Keep the original film after the review copy is made", value=family.keep_originals,
                     help="Off: only the review copy is kept, as some consent forms ask. Its checksum is recorded.")
    if keep != family.keep_originals and save(lambda f: setattr(f, "keep_originals", keep), "Setting saved"):
        st.rerun()
    upload_tab, path_tab, inbox_tab = st.tabs(["Upload", "From a folder on this computer", "From the inbox"])
    with upload_tab:
        _upload(family, cycle_number, activity, filmed_on, slot)
    with path_tab:
        path = st.text_input("Full path of the film", placeholder="/media/camera/DCIM/100MEDIA/MOV_0042.MP4",
                             help="The film is copied into the family's folder; the file itself is left where it is.")
        # Never disabled while the box is empty: the path typed reaches the app with the click itself, so the
        # first click counts even before Enter or Tab.
        if st.button("Add this film", type="primary", key="add_path"):
            if not path.strip():
                problem("Type the film's full path first, for example /media/camera/DCIM/100MEDIA/MOV_0042.MP4.")
            else:
                _add(family, cycle_number, activity, filmed_on, lambda progress: films.stage_file(
                    store(), family.code, Path(path.strip()), on_progress=progress), slot)
    with inbox_tab:
        username = current_account().username
        waiting = films.inbox_films(store().root, username)
        st.caption(f"Films copied into your inbox, {plain(str(films.inbox(store().root, username)))}, appear "
                   "here. Adding one moves it into the family's folder. Only you see your inbox.")
        if waiting:
            chosen = st.selectbox("Film in the inbox", waiting,
                                  format_func=lambda p: f"{p.name} ({size(p.stat().st_size)})")
            if st.button("Add this film", type="primary", key="add_inbox"):
                _add(family, cycle_number, activity, filmed_on, lambda progress: films.stage_file(
                    store(), family.code, chosen, move=True, inbox_of=username, on_progress=progress), slot)
        else:
            st.info("The inbox is empty.", icon=":material/inbox:")


@st.fragment(run_every=1.5)
def preparing_panel(code: str, cycle_number: int, editing: bool = True, slot: films.FilmSlot = films.FILM) -> None:
    """Follows the film on the queue; the page reruns itself when the film is ready, has failed or is gone."""
    family = store().load(code)
    preparing = films.follow(store(), family, cycle_number, slot)
    if preparing is None:
        st.rerun(scope="app")
    film = getattr(family.cycle(cycle_number), slot)
    st.header("Preparing the film for review", anchor=False)
    about = f"{plain(film.original_name)} · {seconds(film.facts.duration_ms)}"
    if preparing.status is FilmStatus.WAITING:
        ahead, noun = preparing.ahead, "film" if preparing.films_ahead == preparing.ahead else "job"
        line = ("Waiting to start" if not ahead else
                f"Waiting its turn: {ahead} {noun}{'s' * (ahead != 1)} ahead of yours")
        st.progress(0.0, text=f"{line} · {about}")
        no_worker_note()
    else:
        st.progress(preparing.progress, text=f"{preparing.progress:.0%} · {about}")
    st.caption("This runs in the background: you can keep working on other steps, or close this tab and come back.")
    if slot == films.FILM and film.first_look is not None:
        st.success("You can watch the film and mark clips now, while the review copy is made.",
                   icon=":material/play_circle:")
        st.page_link(pages.ANALYSIS.path, label="Start the micro-analysis", icon=":material/movie:",
                     query_params={"family": code})
    elif film.first_look_wait:
        st.caption(plain(film.first_look_wait))
    if preparing.cancelling:
        st.caption("Cancelling…")
    elif editing and st.button("Cancel", icon=":material/cancel:"):
        if attempt(lambda: films.cancel(store(), code, cycle_number, slot), "Cancelled"):
            st.rerun(scope="app")


def failed_panel(family: Family, cycle_number: int, editing: bool, slot: films.FilmSlot = films.FILM) -> None:
    """A film that could not be prepared: why, and what the guider can do about it."""
    film = getattr(family.cycle(cycle_number), slot)
    st.error(f"{plain(film.original_name)}: {plain(film.problem)}", icon=":material/error:")
    if not editing:
        return
    again, remove = st.columns(2)
    if film.original_file and again.button("Try again", icon=":material/refresh:", type="primary"):
        if attempt(lambda: films.retry(store(), family.code, cycle_number, slot), "Queued again"):
            st.rerun()
    if remove.button("Remove it and add another", icon=":material/delete:"):
        if attempt(lambda: films.remove(store(), family.code, cycle_number, slot), "Removed"):
            st.rerun()


def film_facts(family: Family, cycle_number: int) -> None:
    film = family.cycle(cycle_number).film
    facts, proxy = film.facts, film.proxy
    shape = (f"{facts.width}×{facts.height}" + (" portrait" if facts.height > facts.width else "")
             + (", turned upright" if facts.rotation else ""))
    notes = [
        f"**{plain(film.activity)}**, filmed {when(film.filmed_on)} · {seconds(proxy.duration_ms)}",
        f"Original: {plain(film.original_name)} · {size(facts.size_bytes)} · {shape} · "
        f"{facts.video_codec}" + (", variable frame rate" if facts.variable_frame_rate else "")
        + ("" if facts.audio_codec else " · no sound"),
        f"Review copy: {proxy.width}×{proxy.height} at {proxy.fps} frames a second · {size(proxy.size_bytes)}",
        (f"Original kept, SHA-256 {film.original_sha256[:16]}…" if film.original_file
         else "Original deleted after the review copy was made, as this family's settings ask."),
    ]
    st.markdown("  \n".join(notes))


def ready_panel(family: Family, cycle_number: int) -> None:
    film = films.ready_film(store(), family, cycle_number)
    chapters = films.chapters(store(), family, cycle_number)  # the clips, shown as captions on the film
    captions = media_url(chapters) if chapters else None
    st.html(video_tag(media_url(film.files.proxy), element_id="film-proxy", captions=captions))
    film_facts(family, cycle_number)
    filmstrip(film.files, family.cycle(cycle_number).film.proxy.thumbnails)


def filmstrip(files: films.FilmFiles, count: int, shown: int = 12) -> None:
    if not count:
        return
    step = max(1, count // shown)
    picks = list(range(0, count, step))[:shown]
    columns = st.columns(len(picks))
    for column, index in zip(columns, picks, strict=True):
        picture(files.thumbnail(index), f"The film at {seconds(index * 2000)}", caption=seconds(index * 2000),
                where=column)


def remove_panel(family: Family, cycle_number: int) -> None:
    with st.expander("Remove this film", icon=":material/delete:"):
        st.write("This deletes the film, its review copy and every clip marked on it. It cannot be undone.")
        if st.checkbox("Yes, remove the film and its clips", key="confirm_remove_film"):
            if st.button("Remove film", type="primary"):
                if attempt(lambda: films.remove(store(), family.code, cycle_number), "Film removed"):
                    st.rerun()


def exports_panel(family: Family, cycle_number: int) -> None:
    """Composed films for the carer, made on the queue: shown once clips exist, gated on consent to copies."""
    clips_here = [(c.number, clip) for c in family.cycles for clip in c.clips if c.film and c.film.ready]
    if not clips_here:
        return
    if not copies_section(family, "Films for the carer"):
        return
    reel_col, pair_col = st.columns(2)
    with reel_col:
        chosen = analysis.chosen(family.cycle(cycle_number))
        st.caption(f"Review reel of cycle {cycle_number}: {len(chosen)} chosen clips, each after a caption card.")
        reel_button(family, cycle_number, disabled=not chosen)
    with pair_col:
        label = lambda pick: analysis.clip_label(pick[0], pick[1])  # noqa: E731
        left = st.selectbox("Left", clips_here, format_func=label, key="pair_left")
        right = st.selectbox("Right", clips_here, format_func=label, index=len(clips_here) - 1, key="pair_right")
        picks = (left[0], left[1].id), (right[0], right[1].id)
        if st.button("Make side by side"):
            ask_for(lambda: reels.queue_side_by_side(store(), family.code, *picks))
        follow_job(reels.pair_subject(family.code, *picks), "Putting the film together…",
                   lambda made: offer(made, f"side-by-side-{family.code}.mp4"))


def reel_button(family: Family, cycle_number: int, disabled: bool = False, key: str = "") -> None:
    """The button that asks for the cycle's review reel, and the reel's progress or the reel itself."""
    if st.button(f"Make the review reel of cycle {cycle_number}", disabled=disabled, key=key or None):
        ask_for(lambda: reels.queue_review_reel(store(), family.code, cycle_number))
    follow_job(reels.reel_subject(family.code, cycle_number), "Putting the reel together…",
               lambda made: offer(made, f"review-reel-{family.code}-cycle-{cycle_number}.mp4"))


def copies_section(family: Family, title: str) -> bool:
    """A section of copies for the carer: its heading, and whether their consent lets it be shown."""
    st.header(title, anchor=False)
    if family.has_consent(ConsentScope.CARER_COPIES):
        return True
    st.info("Copies for the carer need their consent to copies, and none is in force.", icon=":material/lock:")
    return False


def offer(made, download_name: str) -> None:
    """A composed film: played in the page, and offered as a download."""
    st.html(video_tag(media_url(made), element_id=f"composed-{made.stem}"))
    download_link(f"Download {download_name}", made, name=download_name)
