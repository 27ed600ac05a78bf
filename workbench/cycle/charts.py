"""The pages' charts as plain Vega-Lite specifications: data and encodings, drawn by the browser."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..core.principles import principle_numbers, principles
from ..model import Family
from .analysis import PrincipleTotal
from .progress import GOAL_LOOKS, rating_points

Spec = dict[str, Any]
TEAL = "#2F6F6A"


def goal_ratings_spec(family: Family) -> Spec:
    """Each goal's ratings from the baseline through the cycles: a line, colour and marker shape per goal.

    The legend names each goal by its number ("Goal 1"); the page lists the goals' words beside it, where
    long words can wrap. Lines sharing a value are set a little apart, so none hides another.
    """
    rows = [{**asdict(p), "short": f"Goal {p.number}"} for p in rating_points(family)]
    order = [stage for _, stage in sorted({(r["cycle"], r["stage"]) for r in rows})]
    names = [f"Goal {n}" for n in range(1, len(family.goals) + 1)]
    looks = GOAL_LOOKS[: len(names)]
    return {
        "data": {"values": rows},
        "mark": {"type": "line", "point": {"size": 90, "filled": True}, "strokeWidth": 3},
        "encoding": {
            "x": {"field": "stage", "type": "nominal", "title": None, "sort": order, "axis": {"labelAngle": 0}},
            "xOffset": {"field": "short", "type": "nominal", "scale": {"domain": names, "paddingOuter": 2}},
            "y": {"field": "value", "type": "quantitative", "title": "Rating (0–10)", "scale": {"domain": [0, 10]}},
            "color": {"field": "short", "type": "nominal", "title": None, "legend": {"orient": "bottom"},
                      "scale": {"domain": names, "range": [colour for colour, _, _ in looks]}},
            "shape": {"field": "short", "type": "nominal", "title": None,
                      "scale": {"domain": names, "range": [shape for _, shape, _ in looks]}},
            "tooltip": [{"field": f, "type": t} for f, t in (("goal", "nominal"), ("stage", "nominal"),
                                                             ("value", "quantitative"), ("rated_by", "nominal"),
                                                             ("rated_on", "nominal"))],
        },
        "height": 260,
    }


def principle_spec(totals: list[PrincipleTotal], compare_cycles: bool) -> Spec:
    """Clips and seconds per principle: one cycle, or cycles side by side once there are several."""
    rows = [{"Principle": t.principle, "Cycle": f"Cycle {t.cycle}", "Clips": t.clips,
             "Seconds": round(t.total_ms / 1000, 1)} for t in totals]
    y = {"field": "Principle", "type": "nominal", "sort": [p.label for p in principles()], "title": None,
         "axis": {"labelLimit": 260}}
    x = {"field": "Clips", "type": "quantitative", "title": "Clips", "axis": {"tickMinStep": 1}}
    tooltip = [{"field": "Principle", "type": "nominal"}, {"field": "Cycle", "type": "nominal"},
               {"field": "Clips", "type": "quantitative"}, {"field": "Seconds", "type": "quantitative"}]
    spec: Spec = {"data": {"values": rows}, "height": {"step": 14 if compare_cycles else 26}}
    if compare_cycles:
        spec.update(mark="bar", encoding={
            "y": y, "x": x, "yOffset": {"field": "Cycle", "type": "nominal"}, "tooltip": tooltip,
            "color": {"field": "Cycle", "type": "nominal", "title": None, "legend": {"orient": "bottom"}}})
    else:
        spec["layer"] = [
            {"mark": {"type": "bar", "color": TEAL}, "encoding": {"y": y, "x": x, "tooltip": tooltip}},
            {"mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {"y": y, "x": {"field": "Clips", "type": "quantitative"},
                          "text": {"field": "Seconds", "type": "quantitative", "format": ".1f"}}},
        ]
    return spec


def coding_timeline_spec(layers: list[tuple[str, list]], duration_ms: int) -> Spec:
    """Two (or more) people's codings of one film, one row each, so where they agree and differ shows at once."""
    rows = [{"Coder": who, "Start": c.start_ms / 1000, "End": c.end_ms / 1000,
             "Principles": principle_numbers(c.tags) or "—"} for who, clips in layers for c in clips]
    return {"data": {"values": rows}, "height": {"step": 34}, "mark": {"type": "bar", "color": TEAL,
                                                                        "cornerRadius": 2},
            "encoding": {"y": {"field": "Coder", "type": "nominal", "title": None,
                               "sort": [who for who, _ in layers]},
                         "x": {"field": "Start", "type": "quantitative", "title": "Seconds into the film",
                               "scale": {"domain": [0, duration_ms / 1000]}},
                         "x2": {"field": "End"},
                         "tooltip": [{"field": "Coder"}, {"field": "Start", "format": ".1f"},
                                     {"field": "End", "format": ".1f"}, {"field": "Principles"}]}}
