"""Real consumers in their own processes, on the test's data root, and ways to watch the queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WAIT_S = 180.0  # generous: a loaded 2-core machine still prepares a 4 s film well within it


class Consumer:
    def __init__(self, data_root: Path, workers: int = 1, env: dict | None = None):
        self.log = data_root.parent / f"consumer-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "workbench.jobs.consumer", str(workers)], cwd=ROOT,
                env={**os.environ, "VIG_DATA_ROOT": str(data_root), **(env or {})},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL the consumer alone, as the out-of-memory killer would; its workers die with it."""
        self.process.kill()
        self.process.wait()

    def family_of_processes(self) -> list[int]:
        """Every live process of this consumer's session: itself, its workers and their ffmpegs."""
        return processes_in_session(self.process.pid)


@dataclass(frozen=True)
class Process:
    pid: int
    name: str
    state: str  # "Z" for a zombie
    parent: int
    session: int


def processes() -> list[Process]:
    """Every process on this machine, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            found.append(Process(int(entry), stat[stat.index("(") + 1: stat.rindex(")")], fields[0], int(fields[1]),
                                 int(fields[3])))
    return found


def processes_in_session(session: int) -> list[int]:
    """The processes of a session, zombies as negative pids so a test can say so."""
    return [p.pid if p.state != "Z" else -p.pid for p in processes() if p.session == session]


def wait_until(check, what: str, timeout_s: float = WAIT_S, every_s: float = 0.05):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")


@pytest.fixture
def consumers(data_root):
    started: list[Consumer] = []

    def start(workers: int = 1, env: dict | None = None) -> Consumer:
        started.append(Consumer(data_root, workers, env))
        return started[-1]

    yield start
    for consumer in started:
        consumer.stop()
