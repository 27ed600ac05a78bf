"""Step 2 · Film: add the cycle's film; it becomes a light review copy in the background."""

import streamlit as st

from workbench.model import FilmStatus
from workbench.ui import film as panels
from workbench.ui.widgets import cycle_picker, family_header, family_or_stop, save

family = family_or_stop()
family_header(family, "2 · Film")
cycle_number = cycle_picker(family)
cycle = family.cycle(cycle_number)

if cycle.film_problem:
    problem_col, dismiss_col = st.columns([5, 1], vertical_alignment="center")
    problem_col.error(cycle.film_problem, icon=":material/error:")
    if dismiss_col.button("Dismiss"):
        if save(lambda f: setattr(f.cycle(cycle_number), "film_problem", "")):
            st.rerun()

if cycle.film is None:
    panels.add_film_panel(family, cycle_number)
elif cycle.film.status is FilmStatus.INGESTING:
    panels.preparing_panel(family.code, cycle_number)
else:
    panels.ready_panel(family, cycle_number)
    panels.exports_panel(family, cycle_number)
    panels.remove_panel(family, cycle_number)
