"""Small charts for the pages: Vega-Lite specifications from ``workbench.cycle.charts``, drawn in the browser."""

from __future__ import annotations

import streamlit as st

from workbench.cycle.analysis import PrincipleTotal
from workbench.cycle.charts import goal_ratings_spec, principle_spec
from workbench.model import Family


def goal_ratings_chart(family: Family) -> None:
    st.vega_lite_chart(goal_ratings_spec(family), width="stretch")


def principle_chart(totals: list[PrincipleTotal], compare_cycles: bool) -> None:
    if not any(t.clips for t in totals):  # an empty chart would show only a bare axis ("0.000000")
        st.info("No clip has a principle yet: tag a clip and this shows which principles the film holds.",
                icon=":material/bar_chart:")
        return
    st.vega_lite_chart(principle_spec(totals, compare_cycles), width="stretch")
    st.caption("Bars count the clips touching each principle" + ("; cycles side by side." if compare_cycles
               else "; the figure beside each is their total length in seconds."))
