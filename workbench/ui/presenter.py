"""The guider's presenter view of a two-screen shared review: every control here drives the carer's screen."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.core.words import clock
from workbench.cycle import clip_files as cuts
from workbench.cycle import review
from workbench.cycle import stage as stages
from workbench.cycle.films import ready_film
from workbench.model import Family
from workbench.trust import tickets

from .invite import carer_status
from .media import picture, this_browser
from .shared_screen import carer_words, guider_exit, on_stage, watch_controls
from .stage import stage
from .state import current_account, store
from .widgets import lead_in_slider, plain, problem, save

CSS = Path(__file__).parent / "assets" / "presenter.css"


def presenter(family: Family, cycle_number: int) -> None:
    st.html(CSS)
    username = current_account().username
    stages.touch(username)  # the carer's screen is as active as the guider here
    st.markdown(f"#### Shared review on two screens · {plain(family.child.name)}")
    _audience_link(username, current_account().shared_screen)
    shown_now = on_stage(family, cycle_number)
    if shown_now is None:
        return
    cue, scene, src, ratio = shown_now
    shown = review.review_clips(family, cycle_number)
    clip = next(c for c in shown if c.id == scene.clip_id)
    film_col, notes_col = st.columns([3, 2], gap="large")
    with film_col:
        st.caption(f"{plain(scene.where)} · on the carer's screen: “{plain(scene.caption)}”")
        drawn = stage(scene, src=src, ratio=ratio, mode="presenter", key="presenter_stage")
        if drawn.spotlight and save(lambda f: review.set_spotlight(f, cycle_number, clip.id, drawn.spotlight)):
            stages.change(username, family.code, cycle_number, zoomed=True)
            st.rerun()
        _play_controls(family, cycle_number, cue, clip)
    with notes_col:
        _clip_list(family, cycle_number, shown, clip.id)
        carer_status(family, cycle_number)
        carer_words(family, cycle_number, clip.id, every_prompt=True)
        _last_time(family, cycle_number, cue, clip)
        note = family.cycle(cycle_number).review
        st.text_area("Private note (never on the carer's screen)", value=note.guider_note if note else "",
                     height=100, max_chars=20000, key="guider_note", on_change=_keep_note, args=(cycle_number,))
        guider_exit(family.code)


def _audience_link(username: str, lock) -> None:
    if lock is None:
        return  # the review ended in another window: nothing to open
    ticket = tickets.audience_ticket(username, stages.review_of(lock), browser=this_browser())
    st.markdown(f'<a class="vig-audience-link" href="?screen={ticket}" target="_blank" rel="noopener noreferrer">'
                "Open the carer's screen in a new window</a> — drag it onto the TV, then press F11 there.",
                unsafe_allow_html=True)


def _play_controls(family: Family, cycle_number: int, cue: stages.Cue, clip) -> None:
    username = current_account().username
    change = lambda **fields: stages.change(username, family.code, cycle_number, **fields)  # noqa: E731
    watch_controls(family, cycle_number, cue)
    play_col, loop_col, zoom_col = st.columns([2, 2, 3], vertical_alignment="center")
    if play_col.button("Pause" if cue.playing and not cue.still else "Play", width="stretch",
                       icon=":material/pause:" if cue.playing and not cue.still else ":material/play_arrow:"):
        change(playing=not cue.playing or cue.still, still=False)
        st.rerun()
    loop = loop_col.toggle("Loop", value=cue.loop, key=f"loop_{cue.version}")
    if loop != cue.loop:
        change(loop=loop)
        st.rerun()
    if clip.spotlight is None:
        zoom_col.caption("Drag on the picture to spotlight a part of it.")
    elif zoom_col.button("Zoom out" if cue.zoomed else "Zoom in", width="stretch",
                         icon=":material/zoom_out:" if cue.zoomed else ":material/zoom_in:"):
        change(zoomed=not cue.zoomed)
        st.rerun()
    lead_col, goal_col = st.columns(2)
    if lead_in_slider(family, cycle_number, clip, where=lead_col):
        change()  # a new version: every screen redraws the clip with its new lead-in
        st.rerun()
    goals = {None: "No goal chosen", **{g.id: plain(g.text) for g in family.goals}}
    goal = goal_col.selectbox("The goal this moment speaks to", list(goals), format_func=goals.get,
                              index=list(goals).index(clip.goal_id) if clip.goal_id in goals else 0,
                              key=f"goal_{clip.id}")
    if goal != clip.goal_id and save(lambda f: review.set_goal(f, cycle_number, clip.id, goal)):
        st.rerun()


def _clip_list(family: Family, cycle_number: int, shown: list, current: str) -> None:
    film = ready_film(store(), family, cycle_number)
    columns = st.columns(max(len(shown), 5))
    for n, (column, clip) in enumerate(zip(columns, shown, strict=False), start=1):
        with column:
            picture(cuts.still(film, clip.still_at_ms), f"Clip {n}, at {clock(clip.start_ms)}")
            if st.button(f"Clip {n}", key=f"go_{clip.id}", width="stretch",
                         type="primary" if clip.id == current else "secondary"):
                stages.change(current_account().username, family.code, cycle_number, clip_id=clip.id)
                st.rerun()


def _last_time(family: Family, cycle_number: int, cue: stages.Cue, clip) -> None:
    earlier = review.earlier_words(family, cycle_number, clip)
    if not earlier:
        if clip.goal_id is None and family.goals:
            st.caption("Choose the goal this moment speaks to, to recall what the carer said about it before.")
        return
    chosen = st.multiselect("Last time you said… (shown on the carer's screen only if you choose)", earlier,
                            default=[w for w in cue.words if w in earlier], key=f"words_{clip.id}_{cue.version}")
    if tuple(chosen) != cue.words:
        stages.change(current_account().username, family.code, cycle_number, words=tuple(chosen))
        st.rerun()


def _keep_note(cycle_number: int) -> None:
    text = st.session_state["guider_note"]
    if not save(lambda f: review.keep_guider_note(f, cycle_number, text)):
        problem("Your note was not saved; it is still in the box.")
