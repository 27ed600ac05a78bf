"""Step 5 · Summary: the end-of-intervention summary, and every download of the family."""

import streamlit as st

from workbench.ui import summary as panels
from workbench.ui.header import family_header
from workbench.ui.widgets import family_or_stop, read_only

family = family_or_stop()
family_header(family, "5 · Summary")
st.write("The story of the intervention in the carer's own words, with their best moments and how the goals moved. "
         "Carers read it too.")
editing = not read_only(family)  # documents, copies and downloads: only the family's own guider makes them
if editing:
    panels.make_button(family)
panels.made(family, editing)
if editing:
    panels.reels_panel(family)
    panels.archive_panel(family)
