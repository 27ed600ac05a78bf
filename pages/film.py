"""Step 2 · Film: add the cycle's film; it becomes a light review copy in the background."""

import streamlit as st

from workbench.model import FilmStatus
from workbench.ui import film as panels
from workbench.ui.header import family_header
from workbench.ui.widgets import cycle_picker, family_or_stop, read_only, save

family = family_or_stop()
family_header(family, "2 · Film")
cycle_number = cycle_picker(family)
cycle = family.cycle(cycle_number)

if cycle.film_problem:
    problem_col, dismiss_col = st.columns([5, 1], vertical_alignment="center")
    problem_col.error(cycle.film_problem, icon=":material/error:")
    if not read_only(family) and dismiss_col.button("Dismiss"):
        if save(lambda f: setattr(f.cycle(cycle_number), "film_problem", "")):
            st.rerun()

editing = not read_only(family)  # a supervisor reads: no panel that adds, makes or removes anything
if cycle.film is None:
    if editing:
        panels.add_film_panel(family, cycle_number)
    else:
        st.info("No film has been added for this cycle yet.", icon=":material/videocam_off:")
elif cycle.film.in_hand:
    panels.preparing_panel(family.code, cycle_number, editing)
elif cycle.film.status is FilmStatus.FAILED:
    panels.failed_panel(family, cycle_number, editing)
else:
    panels.ready_panel(family, cycle_number)
    if editing:
        panels.exports_panel(family, cycle_number)
        panels.remove_panel(family, cycle_number)
