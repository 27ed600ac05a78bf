"""Charts for documents, drawn with matplotlib (no display needed) to PNG files, and said in words (alt text)."""

from __future__ import annotations

from pathlib import Path
from textwrap import fill

from ..model import Family
from .analysis import principle_totals_by_cycle
from .progress import GOAL_LOOKS, rating_points, stage_name

TEAL, AMBER, PLUM = (colour for colour, _, _ in GOAL_LOOKS)


def _matplotlib():
    """matplotlib's Figure and MaxNLocator (not pyplot: no backend is chosen for the process, none is needed).
    Loaded when a chart is first drawn: every process imports this package, few ever draw (~0.4 s saved each)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    return Figure, MaxNLocator


def goal_ratings_words(family: Family) -> str:
    """The goal chart in words: each goal's ratings from the start on."""
    points = rating_points(family)
    goals = []
    for number in dict.fromkeys(p.number for p in points):
        mine = [p for p in points if p.number == number]
        steps = "; ".join(f"{p.value} at {'the start' if p.cycle == 0 else f'cycle {p.cycle}'}" for p in mine)
        goals.append(f"{mine[0].goal}: {steps}")
    return "Line chart of the carer's ratings out of 10. " + ". ".join(goals) + "."


def principle_counts_words(family: Family) -> str:
    """The principles chart in words: each cycle's count of moments per principle."""
    totals = principle_totals_by_cycle(family)
    cycles = []
    for cycle in sorted({t.cycle for t in totals}):
        counts = ", ".join(f"{t.principle} {t.clips}" for t in totals if t.cycle == cycle and t.clips)
        cycles.append(f"Cycle {cycle}: {counts or 'none'}")
    return "Bar chart of the moments that showed each principle. " + ". ".join(cycles) + "."


def goal_ratings_png(family: Family, target: Path) -> Path:
    """Each goal's 0–10 ratings from the baseline through the cycles."""
    Figure, _ = _matplotlib()
    points = rating_points(family)
    stages = sorted({p.cycle for p in points})
    fig = Figure(figsize=(7, 3.4), dpi=120)
    ax = fig.subplots()
    for number in dict.fromkeys(p.number for p in points):
        colour, _, marker = GOAL_LOOKS[(number - 1) % len(GOAL_LOOKS)]
        mine = [p for p in points if p.number == number]
        shift = (number - 2) * 0.05  # lines sharing a value sit a little apart, so none hides another
        ax.plot([stages.index(p.cycle) + shift for p in mine], [p.value for p in mine], marker=marker,
                markersize=7, linewidth=2.5, color=colour, label=fill(mine[0].goal, 90))
    ax.set_xticks(range(len(stages)), [stage_name(s) for s in stages])
    ax.set_ylim(0, 10.5)
    ax.set_ylabel("Rating (0–10)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False, fontsize=8)
    fig.tight_layout()
    fig.savefig(target)
    return target


def principle_counts_png(family: Family, target: Path) -> Path:
    """How many chosen and marked clips touched each principle, cycle by cycle."""
    Figure, MaxNLocator = _matplotlib()
    totals = principle_totals_by_cycle(family)
    cycles = sorted({t.cycle for t in totals})
    labels = list(dict.fromkeys(t.principle for t in totals))
    fig = Figure(figsize=(7, 3.6), dpi=120)
    ax = fig.subplots()
    width = 0.8 / max(1, len(cycles))
    for n, cycle in enumerate(cycles):
        counts = [next(t.clips for t in totals if t.cycle == cycle and t.principle == label) for label in labels]
        ax.barh([i + n * width for i in range(len(labels))], counts, height=width, label=f"Cycle {cycle}",
                color=[TEAL, AMBER, PLUM, "#4F8FBF", "#9BB068"][n % 5])
    ax.set_yticks([i + width * (len(cycles) - 1) / 2 for i in range(len(labels))], labels)
    ax.invert_yaxis()
    ax.set_xlabel("Clips")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    fig.savefig(target)
    return target
