"""Small charts for the pages, drawn with Altair (bundled with Streamlit, rendered locally)."""

from __future__ import annotations

from dataclasses import asdict

import altair as alt
import streamlit as st

from workbench.model import Family
from workbench.progress import rating_points


def goal_ratings_chart(family: Family) -> None:
    rows = [asdict(p) for p in rating_points(family)]
    order = sorted({(r["cycle"], r["stage"]) for r in rows})
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3)
        .encode(
            x=alt.X("stage:N", title=None, sort=[stage for _, stage in order], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="Rating (0–10)", scale=alt.Scale(domain=[0, 10])),
            color=alt.Color("goal:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400)),
            tooltip=["goal:N", "stage:N", "value:Q", "rated_by:N", "rated_on:N"],
        )
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch")
