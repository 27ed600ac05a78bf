"""Step 5 · Summary: the end-of-intervention summary, and every download of the family."""

import streamlit as st

from workbench.ui import summary as panels
from workbench.ui.widgets import family_header, family_or_stop, read_only

family = family_or_stop()
family_header(family, "5 · Summary")
st.write("The story of the intervention in the carer's own words, with their best moments and how the goals moved. "
         "Carers read it too.")
editing = not read_only(family)  # documents, copies and downloads: only the family's own guider makes them
if editing and st.button("Make the summary", type="primary", icon=":material/auto_stories:"):
    st.session_state[f"summary_{family.code}"] = panels.build(family)
made = st.session_state.get(f"summary_{family.code}")
if made is not None:
    if editing:
        panels.downloads(family)
    panels.preview(made)
if editing:
    panels.reels_panel(family)
    panels.archive_panel(family)
