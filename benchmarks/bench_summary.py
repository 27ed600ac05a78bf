"""Summary speed: prints `summary_build_s`, building the summary of 3 cycles x 5 clips (Word and PDF). Target <= 3.

Run: .venv/bin/python benchmarks/bench_summary.py   (or: make bench)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.films import full_intervention  # noqa: E402
from workbench import FamilyStore  # noqa: E402
from workbench.config import DATA_ROOT_ENV  # noqa: E402
from workbench.documents import write_docx, write_pdf  # noqa: E402
from workbench.media.synthetic import make_film  # noqa: E402
from workbench.summary import build_summary, summary_folder  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[DATA_ROOT_ENV] = tmp
        film = make_film(Path(tmp) / "film.mp4", seconds=4, audio=False)
        store = FamilyStore()
        full_intervention(store, "VIG-0001", film, cycles=3, clips_per_cycle=5)
        times = []
        for _ in range(3):  # the first run also cuts the 15 stills, as a guider's first summary does
            start = time.perf_counter()
            summary = build_summary(store, "VIG-0001")
            folder = summary_folder(store, "VIG-0001")
            write_docx(summary, folder / "summary.docx")
            write_pdf(summary, folder / "summary.pdf")
            times.append(time.perf_counter() - start)
        print(f"first summary (stills cut) {times[0]:.2f} s, then {statistics.median(times[1:]):.2f} s",
              file=sys.stderr)
    print(f"summary_build_s: {times[0]:.3f}")


if __name__ == "__main__":
    main()
