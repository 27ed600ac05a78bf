"""Every benchmark still runs: each in its --smoke mode, printing every figure it promises."""

from __future__ import annotations

import importlib
import math
import subprocess
import sys

import pytest

from .conftest import ROOT

BENCHMARKS = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))


def test_every_benchmark_is_here():
    assert BENCHMARKS == ["bench_analysis", "bench_media", "bench_store", "bench_summary", "bench_two_screens"]


@pytest.mark.parametrize("name", BENCHMARKS)
def test_the_benchmark_runs_in_smoke_mode_and_prints_every_figure(name):
    promised = importlib.import_module(f"benchmarks.{name}").FIGURES
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), "--smoke"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(": ")
        printed[key] = float(value)
    assert list(printed) == list(promised)
    assert all(math.isfinite(value) and value >= 0 for value in printed.values()), printed
