"""The same jobs on Redis (VIG_QUEUE_URL), taken by a consumer in another process, as a second machine would."""

from __future__ import annotations

import shutil
import socket
import subprocess
from datetime import date

import pytest

from workbench.cycle import films as film_service
from workbench.jobs import board, records
from workbench.jobs.queue import QUEUE_FILE, QUEUE_URL_ENV, queue_for
from workbench.media.staging import stage_file
from workbench.model import FilmStatus

from ..consumers import wait_until
from .test_queue import consenting

REDIS = shutil.which("redis-server")


@pytest.fixture
def redis_url(tmp_path, monkeypatch):
    if REDIS is None:
        pytest.skip("redis-server is not installed here (Debian: apt-get install redis-server); "
                    "the Redis queue was NOT tested")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # No snapshots and no append-only file: nothing of the queue is written to disk by Redis itself.
    server = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    wait_until(lambda: _pings(client), "redis-server to answer", timeout_s=30)
    monkeypatch.setenv(QUEUE_URL_ENV, url)
    yield url
    server.terminate()
    server.wait(timeout=30)


def _pings(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def test_films_are_prepared_through_redis_by_consumers_in_other_processes(store, consumers, films, redis_url):
    codes = [consenting(store, f"VIG-000{n}") for n in (1, 2, 3)]
    first, second = consumers(workers=1), consumers(workers=1)  # two "machines" sharing the data root
    for code in codes:
        film_service.add(store, code, 1, stage_file(store, code, films["silent"]), "Play", date.today())
    wait_until(lambda: all(store.load(c).cycles[0].film.status is FilmStatus.READY for c in codes),
               "three films to be ready through Redis", timeout_s=300)
    assert not (store.root / QUEUE_FILE).exists()  # the SQLite queue was never used
    wait_until(lambda: records.every(queue_for(store.root)) == [], "each job's record to go once its film is ready")
    executed = [c.log.read_text().count("Executing workbench.jobs.tasks.film") for c in (first, second)]
    assert sum(executed) == 3, executed

    # One consumer gone: the other still takes the work.
    first.stop()
    store.update(codes[0], lambda f: setattr(f.cycles[0], "film", None))
    film_service.add(store, codes[0], 1, stage_file(store, codes[0], films["silent"]), "Play again", date.today())
    wait_until(lambda: store.load(codes[0]).cycles[0].film.status is FilmStatus.READY, "the film through the second")
    wait_until(lambda: board.find(store.root, store.load(codes[0]).cycles[0].film.id) is None, "its job to be gone")

