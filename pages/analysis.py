"""Step 3 · Micro-analysis: find the "better than usual" moments, tag them, and choose those for the review."""

import streamlit as st

from workbench.cycle.analysis import principle_totals, principle_totals_by_cycle
from workbench.cycle.films import watchable_film
from workbench.ui import analysis as panels
from workbench.ui import pages
from workbench.ui import suggestions as suggested
from workbench.ui.charts import principle_chart
from workbench.ui.first_look import first_look_panel, not_watchable_yet
from workbench.ui.header import family_header
from workbench.ui.state import store
from workbench.ui.widgets import cycle_picker, family_or_stop, read_only

family = family_or_stop()
family_header(family, "3 · Micro-analysis")
cycle_number = cycle_picker(family)
cycle = family.cycle(cycle_number)
if cycle.film is None or not cycle.film.watchable:
    st.info(not_watchable_yet(family, cycle_number), icon=":material/videocam:")
    st.page_link(pages.FILM.path, label="Go to the Film step", icon=":material/videocam:")
    st.stop()
film = watchable_film(store(), family, cycle_number)
if film.first_look is not None:
    first_look_panel(family.code, cycle_number)

editing = not read_only(family)  # a supervisor watches and reads the clips; marking them is the guider's
# The player is the biggest thing on the page; the chosen clip's editor runs the full width below it.
player_col, clips_col = st.columns([5, 3], gap="medium")
with player_col:
    if editing:
        found = suggested.open_moments(family, cycle_number)  # worked out once a run, for the strip and the list
        panels.player_panel(family, cycle_number, film, found)
        suggested.panel(family, cycle_number, found)
    else:
        panels.watch_panel(film)
with clips_col:
    st.header(f"Clips ({len(cycle.clips)})", anchor=False)
    panels.clip_list(family, cycle_number)
if editing:
    panels.clip_editor(family, cycle_number, film)

if cycle.clips:
    st.header("What this film shows", anchor=False)
    with_clips = [c.number for c in family.cycles if c.clips]
    compare = len(with_clips) > 1
    totals = principle_totals_by_cycle(family) if compare else principle_totals(family, cycle_number)
    principle_chart([t for t in totals if t.cycle in with_clips], compare)
