"""Suggested moments on the Micro-analysis step: the list under the player, and taking one as a clip."""

from __future__ import annotations

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.core.words import clock
from workbench.cycle import suggestions as service
from workbench.jobs import board
from workbench.jobs.records import State
from workbench.model import Family
from workbench.moments.suggest import Suggestion

from .clip_focus import seek_to, select
from .jobs import ask_for, follow_job
from .player import PlayerSuggestion
from .state import store
from .widgets import problem, save

SHOWN_AT_ONCE = 5
Suggested = service.Suggested


def open_moments(family: Family, cycle_number: int) -> service.Suggested:
    try:
        return service.suggestions(store(), family, cycle_number)
    except WorkbenchError:
        return service.Suggested([], False, False)


def for_player(found: service.Suggested) -> list[PlayerSuggestion]:
    return [PlayerSuggestion(s.id, s.start_ms, s.end_ms, s.reason, s.label) for s in found.moments]


def take(family: Family, cycle_number: int, wanted: str, found: service.Suggested) -> None:
    """Make the suggestion ``wanted`` a clip, open it with its edges ready to move, and play from its start."""

    suggestion = next((s for s in found.moments if s.id == wanted), None)
    if suggestion is None:
        return  # already taken (another tab), or not one we showed
    made = []
    if save(lambda f: made.append(service.take(f, cycle_number, suggestion)), "Suggestion made a clip: tag it below"):
        select(family, cycle_number, made[0].id)
        seek_to(family, cycle_number, made[0].start_ms)
        st.rerun()


def panel(family: Family, cycle_number: int, found: service.Suggested) -> None:
    """The suggestions, best first, each with its reason and a button that makes it a clip."""
    if not found.shown:
        return
    film = family.cycle(cycle_number).film
    with st.expander(f"Suggested moments ({len(found.moments)})" if found.looked else "Suggested moments",
                     expanded=True, icon=":material/lightbulb:"):
        if not found.looked:
            _waiting(family, cycle_number, film.id if film else "")
            return
        st.caption("Found on this computer from faces and voices in the film, never sent anywhere. They are only "
                   "suggestions: nothing is tagged until you tag it. Dashed blue on the filmstrip; S makes the "
                   "one playing a clip.")
        if not found.moments:
            st.write("No more suggestions for this film: every one is a clip already, or none was found.")
        for suggestion in found.moments[:SHOWN_AT_ONCE]:
            _row(family, cycle_number, suggestion, found)
        _uptake(family)


def _row(family: Family, cycle_number: int, suggestion: Suggestion, found: service.Suggested) -> None:
    words, watch, make = st.columns([5, 1.2, 1.9], vertical_alignment="center")
    when = f"{clock(suggestion.start_ms)}–{clock(suggestion.end_ms)}"
    words.markdown(f"**{suggestion.label}** · {when} · {suggestion.reason}")
    if watch.button("Watch", key=f"watch_{suggestion.id}", help="Play it from its start"):
        seek_to(family, cycle_number, suggestion.start_ms)
        st.rerun()
    if make.button("Make it a clip", key=f"take_{suggestion.id}", type="primary"):
        take(family, cycle_number, suggestion.id, found)


def _waiting(family: Family, cycle_number: int, film_id: str) -> None:
    subject = service.look_subject(film_id)
    job = board.find(store().root, subject)
    if job is not None and job.live:
        follow_job(subject, "Looking at the faces and listening to the voices on this computer…", lambda made: None)
        return
    if job is not None and job.state == State.FAILED:
        problem(job.problem)
    st.write("The film has not been looked at for moments yet.")
    if st.button("Look for moments", icon=":material/lightbulb:"):
        ask_for(lambda: service.queue_look(store(), family.code, cycle_number))
        st.rerun()


def _uptake(family: Family) -> None:
    seen = service.uptake(family)
    if seen.suggested + seen.by_hand:
        st.caption(f"In this family so far: {seen.suggested} clip{'s' * (seen.suggested != 1)} from suggestions "
                   f"({seen.suggested_chosen} chosen for a shared review), {seen.by_hand} marked by hand "
                   f"({seen.by_hand_chosen} chosen).")
