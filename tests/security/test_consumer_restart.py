"""Finding 27.10: killing the job consumer (as the out-of-memory killer would) leaves the app serving; the
launcher starts a new consumer after a pause and says so. Killing only the encoder is not the film's fault: the
film waits and is prepared again once by itself."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from workbench.media.synthetic import make_film
from workbench.model import FilmStatus

from ..browser.conftest import free_port
from ..conftest import ROOT
from ..consumers import processes, wait_until
from ..jobs.test_queue import add, consenting, part_way, status
from ..running.test_launch import _healthy


def _consumers(launcher: int) -> list[int]:
    return [p.pid for p in processes() if p.parent == launcher and p.state != "Z"
            and b"workbench.jobs.consumer" in Path(f"/proc/{p.pid}/cmdline").read_bytes()]


def test_a_killed_consumer_is_started_again_and_the_app_keeps_serving(data_root, tmp_path):
    port = free_port()
    said = tmp_path / "launcher.log"
    with said.open("wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "workbench.running.launch", "--server.port", str(port), "--server.headless", "true"],
            cwd=ROOT, env={**os.environ, "VIG_DATA_ROOT": str(data_root)}, stdout=log, stderr=log)
    try:
        wait_until(lambda: _healthy(port), "the app to answer", timeout_s=120)
        (first,) = wait_until(lambda: _consumers(launcher.pid), "the consumer to start")
        os.kill(first, signal.SIGKILL)
        replaced = wait_until(lambda: [p for p in _consumers(launcher.pid) if p != first], "a new consumer",
                              timeout_s=60)
        assert replaced and launcher.poll() is None and _healthy(port)
        assert "stopped unexpectedly" in said.read_text() and "keeps serving" in said.read_text()
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=90)


def test_an_encoder_killed_mid_film_is_not_damage_the_film_is_tried_again_by_itself(store, consumers, tmp_path):
    code = consenting(store, "VIG-0001")
    film_id = add(store, code, make_film(tmp_path / "long.mp4", seconds=20, width=1280, height=720))
    consumer = consumers(workers=1)
    part_way(store, film_id, beyond=0.02)
    encoder = wait_until(lambda: [p.pid for p in processes() if p.name.startswith("ffmpeg")
                                  and p.pid in consumer.family_of_processes()], "its ffmpeg")
    os.kill(encoder[0], signal.SIGKILL)  # the encoder alone, as the out-of-memory killer picks the largest
    wait_until(lambda: status(store, code) is FilmStatus.READY, "the film to be ready, tried again by itself",
               timeout_s=400)
    assert store.load(code).cycles[0].film.problem == ""
