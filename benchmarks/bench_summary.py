"""Summary speed: prints `summary_build_s`, building the summary of 3 cycles x 5 clips (Word and PDF). Target <= 3.

Run: .venv/bin/python benchmarks/bench_summary.py [--smoke]   (or: make bench)
`--smoke` builds a one-cycle, two-clip summary once, so the suite can check the benchmark still runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.films import full_intervention
from workbench import FamilyStore
from workbench.core.config import DATA_ROOT_ENV
from workbench.cycle.pdf import write_pdf
from workbench.cycle.summary import build_summary, summary_folder
from workbench.cycle.word import write_docx
from workbench.media.synthetic import make_film

FIGURES = ("summary_build_s",)


def main(smoke: bool) -> dict[str, float]:
    cycles, clips, runs = (1, 2, 2) if smoke else (3, 5, 3)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[DATA_ROOT_ENV] = str(Path(tmp) / "data")  # the film comes from beside it, as from a camera card
        film = make_film(Path(tmp) / "film.mp4", seconds=4, audio=False)
        store = FamilyStore()
        full_intervention(store, "VIG-0001", film, cycles=cycles, clips_per_cycle=clips)
        times = []
        for _ in range(runs):  # the first run also cuts the 15 stills, as a guider's first summary does
            start = time.perf_counter()
            summary = build_summary(store, "VIG-0001")
            folder = summary_folder(store, "VIG-0001")
            write_docx(summary, folder / "summary.docx")
            write_pdf(summary, folder / "summary.pdf")
            times.append(time.perf_counter() - start)
        print(f"first summary (stills cut) {times[0]:.2f} s, then {statistics.median(times[1:]):.2f} s",
              file=sys.stderr)
    return {"summary_build_s": times[0]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one small summary: checks the benchmark runs")
    figures = main(parser.parse_args().smoke)
    for name in FIGURES:
        print(f"{name}: {figures[name]:.3f}")
