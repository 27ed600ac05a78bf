"""`make run`'s launcher: the app and one consumer start together and stop together, leaving no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from datetime import date
from pathlib import Path

from workbench.care.consent import add_consent
from workbench.cycle import films
from workbench.media.synthetic import make_film
from workbench.model import FilmStatus

from ..browser.conftest import free_port
from ..conftest import ROOT, make_family
from ..consumers import processes, wait_until


def descendants(pid: int) -> set[int]:
    everyone = processes()
    found, frontier = set(), {pid}
    while frontier:
        children = {p.pid for p in everyone if p.parent in frontier} - found
        found |= children
        frontier = children
    return found


def test_the_app_and_its_consumer_run_together_and_stop_together(store, tmp_path):
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["filming"]))
    port = free_port()
    launcher = subprocess.Popen(
        [sys.executable, "-m", "workbench.running.launch", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env={**os.environ, "VIG_DATA_ROOT": str(store.root)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _healthy(port), "the app to answer", timeout_s=120)
        film = make_film(tmp_path / "film.mp4", seconds=15, width=1280, height=720)  # still being prepared when stopped
        films.add(store, "VIG-0001", 1, films.stage_file(store, "VIG-0001", film), "Play", date.today())
        # The consumer started with the app takes the film: an ffmpeg runs below the launcher.
        wait_until(lambda: any(p.name.startswith("ffmpeg") for p in processes() if p.pid in descendants(launcher.pid)),
                   "the launcher's consumer to be preparing the film")
        family = descendants(launcher.pid)
        assert len(family) >= 4  # the app, the consumer, its worker and scheduler, and the worker's ffmpeg
        if Path("/proc/self/autogroup").exists():  # Linux shares the processors between sessions, whatever nice says
            ffmpeg = next(p.pid for p in processes() if p.pid in family and p.name.startswith("ffmpeg"))
            app = next(pid for pid in family if b"streamlit" in Path(f"/proc/{pid}/cmdline").read_bytes())
            assert _group_nice(ffmpeg) == 10 and _group_nice(app) == 0  # the film waits on the pages, not they on it
        launcher.send_signal(signal.SIGTERM)  # what Ctrl-C in the terminal, or a service manager, sends
        assert launcher.wait(timeout=90) == 0
        alive = {p.pid: (p.name, p.state) for p in processes() if p.pid in family}
        assert alive == {}, f"left behind (orphans or zombies): {alive}"
        # The film it was preparing waits for the next start, with nothing half-made beside it.
        assert store.load("VIG-0001").cycles[0].film.status is FilmStatus.WAITING
        assert not list(store.media_dir("VIG-0001").rglob("*.partial*"))
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()


def _group_nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])  # "/autogroup-123 nice 10"


def _healthy(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status == 200
    except OSError:
        return False
