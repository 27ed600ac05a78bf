"""Small charts for the pages, drawn with Altair (bundled with Streamlit, rendered locally)."""

from __future__ import annotations

from dataclasses import asdict

import altair as alt
import streamlit as st

from workbench.analysis import PrincipleTotal
from workbench.model import Family
from workbench.principles import principles
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


def principle_chart(totals: list[PrincipleTotal], compare_cycles: bool) -> None:
    """Clips and seconds per principle: one cycle, or cycles side by side once there are several."""
    rows = [{"Principle": t.principle, "Cycle": f"Cycle {t.cycle}", "Clips": t.clips,
             "Seconds": round(t.total_ms / 1000, 1)} for t in totals]
    order = [p.label for p in principles()]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("Principle:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=["Principle:N", "Cycle:N", "Clips:Q", "Seconds:Q"],
    )
    if compare_cycles:
        chart = base.mark_bar().encode(x=alt.X("Clips:Q", title="Clips", axis=alt.Axis(tickMinStep=1)),
                                       yOffset="Cycle:N", color=alt.Color("Cycle:N", title=None,
                                                                          legend=alt.Legend(orient="bottom")))
    else:
        chart = base.mark_bar(color="#2F6F6A").encode(x=alt.X("Clips:Q", title="Clips", axis=alt.Axis(tickMinStep=1)))
        chart = chart + base.mark_text(align="left", dx=4).encode(x="Clips:Q", text=alt.Text("Seconds:Q", format=".1f"))
    st.altair_chart(chart.properties(height=alt.Step(14 if compare_cycles else 26)), width="stretch")
