"""Every benchmark still runs: each in its --smoke mode, printing every figure it promises."""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import subprocess
import sys

import pytest

from .conftest import ROOT

BENCHMARKS = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))


def test_every_benchmark_is_here():
    assert BENCHMARKS == ["bench_analysis", "bench_media", "bench_store", "bench_summary", "bench_team",
                          "bench_two_screens"]


def every_figure(name: str, mode: str) -> dict[str, float]:
    """Run a benchmark in ``mode``; what it printed, having checked that is every figure it promises."""
    promised = importlib.import_module(f"benchmarks.{name}").FIGURES
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), mode], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(": ")
        printed[key] = float(value)
    assert list(printed) == list(promised)
    assert all(math.isfinite(value) and value >= 0 for value in printed.values()), printed
    return printed


# bench_store runs once, at the drift size, in the drift check below: that run prints every figure too.
@pytest.mark.parametrize("name", [name for name in BENCHMARKS if name != "bench_store"])
def test_the_benchmark_runs_in_smoke_mode_and_prints_every_figure(name):
    every_figure(name, "--smoke")


def test_no_page_does_half_again_the_work_of_its_committed_count():
    """bench_store --drift: the functions each page's script calls, over the trivial script's count, against
    benchmarks/baseline.json. A count, not a time: the same on a busy CI machine as on a quiet one, where the
    timed ratios moved 1.5x with nothing changed. A page doing 1.5x its committed work fails here; a
    deliberate change records a new baseline (and says why in its commit)."""
    committed = json.loads((ROOT / "benchmarks" / "baseline.json").read_text())
    bench = importlib.import_module("benchmarks.bench_store")
    assert committed["sizes"] == dataclasses.asdict(bench.DRIFT)  # measured at the size run here
    now = {key: value for key, value in every_figure("bench_store", "--drift").items()
           if key.endswith("_calls_vs_baseline")}
    assert now.keys() == committed["vs_baseline"].keys()
    drifted = {page: (ratio, committed["vs_baseline"][page]) for page, ratio in now.items()
               if ratio > 1.5 * committed["vs_baseline"][page]}
    assert not drifted, f"(now, committed): {drifted}"
