"""The caseload's offer to explore a demo family, made on this computer in under a minute."""

from __future__ import annotations

import streamlit as st

from workbench.care.demo import create_demo_family
from workbench.core.errors import WorkbenchError

from .state import current_account, open_family, store
from .widgets import problem


def demo_offer() -> None:
    with st.container(border=True):
        st.markdown("**New to the workbench?** Explore a demo family: two cycles of the VIG cycle with goals, "
                    "a synthetic film (a moving test pattern, no people), tagged clips, the carer's words, "
                    "a write-up and a final review. It is labelled DEMO and can be erased like any family.")
        if st.button("Explore a demo family", icon=":material/explore:", type="primary"):
            bar = st.progress(0.0, text="Making the demo family…")
            try:
                code = create_demo_family(store(), current_account().username,
                                          on_progress=lambda fraction, text: bar.progress(min(fraction, 1.0), text))
            except WorkbenchError as error:
                bar.empty()
                problem(error.message)
            else:
                open_family(code)
