"""Store and page speed: prints `name: value` lines (medians in ms) for the caseload, a big family, and a save.

Run: .venv/bin/python benchmarks/bench_store.py   (or: make bench)
Targets: caseload_script_ms_500 <= 100, family_script_ms_5_cycles <= 100, save_ms <= 20.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from workbench import Cycle, Family, FamilyStore, build  # noqa: E402
from workbench.config import DATA_ROOT_ENV  # noqa: E402

RUNS = 25
FAMILIES = 500
TAGS = ["receiving", "receiving.returning_eye_contact", "attuned.having_fun", "guiding.scaffolding"]


def family(code: str, n: int) -> Family:
    return build(Family, code=code, child={"name": f"C{n % 97}", "year_of_birth": 2015 + n % 10},
                 carers=[{"name": f"Carer {n}", "role": "foster carer"}], guider=f"Guider {n % 12}",
                 concern={"kind": "communication"})


def big_family(f: Family) -> None:
    """5 cycles x 30 clips, goals rated every cycle, consents and a review per cycle."""
    f.add_consent("Carer", "foster carer", date.today(), ["filming", "storing the films", "copies for the carer"])
    f.set_helping_question("How can I help her feel safe enough to play?")
    goals = [f.add_goal(f"Goal {g}", "play and enjoyment", 3, "Carer") for g in range(3)]
    f.cycles = [Cycle(number=n, clips=[
        {"start_ms": i * 9000, "end_ms": i * 9000 + 6000, "tags": TAGS[: 1 + i % 4], "chosen": i < 5, "order": i,
         "note": "He looks up and she names what he is doing, warmly. " * 2} for i in range(30)],
        review={"notes": "We watched the clips together. " * 20, "next_steps": "More floor play."}) for n in range(1, 6)]
    for n in range(1, 6):
        for goal in goals:
            f.rate_goal(goal.id, min(10, 3 + n), n, "Carer")


def median_ms(action, runs: int = RUNS) -> float:
    action()  # warm up: imports, caches, the caseload index
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[DATA_ROOT_ENV] = tmp
        store = FamilyStore()
        for n in range(1, FAMILIES + 1):
            store.create(family(f"VIG-{n:04d}", n))
        store.update("VIG-0001", big_family)

        caseload = AppTest.from_file(str(ROOT / "pages" / "caseload.py"), default_timeout=60)
        goals = AppTest.from_file(str(ROOT / "pages" / "goals.py"), default_timeout=60)
        goals.query_params["family"] = "VIG-0001"

        results = {
            "caseload_script_ms_500": median_ms(caseload.run),
            "family_script_ms_5_cycles": median_ms(goals.run),
            "save_ms": median_ms(lambda: store.update("VIG-0001", lambda f: f.set_helping_question(
                f"How can I help her feel safe enough to play? ({time.perf_counter()})"))),
        }
        assert not caseload.exception and not goals.exception
        assert len(caseload.dataframe[0].value) == FAMILIES
    for name, value in results.items():
        print(f"{name}: {value:.1f}")


if __name__ == "__main__":
    main()
