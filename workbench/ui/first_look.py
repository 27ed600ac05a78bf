"""Which copy of the film is playing while its review copy is made, and how far that has got."""

from __future__ import annotations

import streamlit as st

from workbench.cycle import films
from workbench.model import Family, FilmStatus

from .jobs import no_worker_note
from .state import store


@st.fragment(run_every=1.5)
def first_look_panel(code: str, cycle_number: int) -> None:
    """Over the player while the first look plays: says so, with the review copy's progress; the page runs again
    (and the player moves to the review copy, at the same place) once it is ready, or has failed."""
    family = store().load(code)
    preparing = films.follow(store(), family, cycle_number)
    film = family.cycle(cycle_number).film
    if preparing is None or film is None or film.first_look is None:
        st.rerun(scope="app")
    assert preparing is not None
    if preparing.status is FilmStatus.WAITING:
        st.progress(0.0, text="Playing the original film. The review copy waits its turn to be made.")
        no_worker_note()
    else:
        st.progress(preparing.progress, text=f"Playing the original film. The review copy is being made: "
                                             f"{preparing.progress:.0%}.")
    st.caption("Mark and tag clips now: they stay on the same frames in the review copy. The filmstrip, the "
               "clips' pictures and the suggested moments come with it.")


def not_watchable_yet(family: Family, cycle_number: int) -> str:
    """What the Micro-analysis step says while there is nothing to watch: why, and when there will be."""
    film = family.cycle(cycle_number).film
    if film is None:
        return "This cycle has no film yet. Add it on the Film step; clips are marked here once it is."
    if film.in_hand and film.first_look_wait:
        return f"{film.first_look_wait} Its progress is on the Film step."
    if film.in_hand:
        return ("The film is being made ready to watch, and plays here as soon as it is. Its progress is on the Film "
                "step.")
    return "This cycle's film is not ready. See the Film step."
