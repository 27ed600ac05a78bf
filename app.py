"""The VIG guider workbench: a router over the steps of the VIG cycle."""

import streamlit as st

from workbench.ui.brand import app_icon
from workbench.ui.state import SHARED_PAGE, in_shared_screen, keep_family_in_url

st.set_page_config(page_title="VIG workbench", page_icon=app_icon(), layout="wide")

if in_shared_screen():
    # The carer's screen: one page, no menu, nothing of the caseload or of other families.
    navigation = st.navigation([st.Page(SHARED_PAGE, title="Shared review", icon=":material/favorite:")],
                               position="hidden")
else:
    navigation = st.navigation(
        {
            "Families": [
                st.Page("pages/caseload.py", title="Caseload", icon=":material/groups:", default=True),
            ],
            "The VIG cycle": [
                st.Page("pages/goals.py", title="1 · Goals", icon=":material/flag:"),
                st.Page("pages/film.py", title="2 · Film", icon=":material/videocam:"),
                st.Page("pages/analysis.py", title="3 · Micro-analysis", icon=":material/frame_inspect:"),
                st.Page("pages/review.py", title="4 · Shared review", icon=":material/forum:"),
                st.Page("pages/summary.py", title="5 · Summary", icon=":material/auto_stories:"),
            ],
            "Workbench": [
                st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
            ],
        }
    )
keep_family_in_url()
navigation.run()
