"""Step 4 · Shared review: watch together on the shared screen, then write up, re-rate, and plan what is next."""

import streamlit as st

from workbench.ui import review as panels
from workbench.ui.header import family_header
from workbench.ui.invite import invite_panel
from workbench.ui.supervisor_comments import supervision_panel
from workbench.ui.widgets import cycle_picker, family_or_stop, read_only

family = family_or_stop()
family_header(family, "4 · Shared review")
cycle_number = cycle_picker(family)

if read_only(family):  # the supervisor reads the record and comments; nothing else changes from here
    panels.reflections_panel(family, cycle_number)
    panels.write_up_record(family, cycle_number)
    supervision_panel(family)
    st.stop()
panels.start_panel(family, cycle_number)
invite_panel(family)
panels.reflections_panel(family, cycle_number)
panels.side_by_side_panel(family)
panels.write_up_panel(family, cycle_number)
panels.ratings_panel(family, cycle_number)
panels.next_cycle_panel(family, cycle_number)
panels.final_review_panel(family, cycle_number)
supervision_panel(family)
