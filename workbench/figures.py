"""Charts for documents, drawn with matplotlib (no display needed) to PNG files."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display on a server
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from .analysis import principle_totals_by_cycle
from .model import Family
from .progress import rating_points, stage_name

TEAL, AMBER, PLUM = "#2F6F6A", "#C98B2B", "#7A5C8E"


def goal_ratings_png(family: Family, target: Path) -> Path:
    """Each goal's 0–10 ratings from the baseline through the cycles."""
    points = rating_points(family)
    stages = sorted({p.cycle for p in points})
    fig, ax = plt.subplots(figsize=(7, 3.4), dpi=120)
    for colour, goal in zip((TEAL, AMBER, PLUM), dict.fromkeys(p.goal for p in points), strict=False):
        mine = [p for p in points if p.goal == goal]
        ax.plot([stages.index(p.cycle) for p in mine], [p.value for p in mine], marker="o", linewidth=2.5,
                color=colour, label=goal if len(goal) < 60 else goal[:57] + "…")
    ax.set_xticks(range(len(stages)), [stage_name(s) for s in stages])
    ax.set_ylim(0, 10.5)
    ax.set_ylabel("Rating (0–10)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False, fontsize=8)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target


def principle_counts_png(family: Family, target: Path) -> Path:
    """How many chosen and marked clips touched each principle, cycle by cycle."""
    totals = principle_totals_by_cycle(family)
    cycles = sorted({t.cycle for t in totals})
    labels = list(dict.fromkeys(t.principle for t in totals))
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=120)
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
    plt.close(fig)
    return target
