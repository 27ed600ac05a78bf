"""The film queue with real consumers: concurrency, cancelling, a killed consumer, and erasure mid-job."""

from __future__ import annotations

import time
from datetime import date

import pytest

from workbench.care.consent import add_consent
from workbench.care.retention import erase_family
from workbench.cycle import films
from workbench.cycle.film_jobs import GAVE_UP
from workbench.jobs import board, records
from workbench.jobs.queue import queue_for
from workbench.jobs.recovery import STALLED_S, recover
from workbench.media.library import FilmFiles
from workbench.media.preparing import CANCELLED
from workbench.media.staging import stage_file
from workbench.media.synthetic import make_film
from workbench.model import FilmStatus

from ..consumers import processes_in_session, wait_until
from ..films import files_under, make_family, nothing_left_of


def consenting(store, code: str) -> str:
    store.create(make_family(code))
    store.update(code, lambda f: add_consent(f, "Jo Smith", "foster carer", date.today(),
                                               ["filming", "storing the films", "copies for the carer"]))
    return code


def add(store, code: str, film) -> str:
    return films.add(store, code, 1, stage_file(store, code, film), "Building a tower together", date.today()).id


def status(store, code: str):
    film = store.load(code).cycles[0].film
    return film.status if film else None


def part_way(store, film_id: str, beyond: float = 0.0) -> None:
    """Wait until the film's job has reported progress beyond ``beyond``."""
    wait_until(lambda: (board.find(store.root, film_id) or records.Job("", "", "")).progress > beyond,
               "the film to be part-way")


def running(store) -> list[records.Job]:
    return [job for job in records.every(queue_for(store.root)) if job.state == records.State.RUNNING]


@pytest.fixture(scope="module")
def long_film(tmp_path_factory):
    """Long enough to be caught part-way on a fast machine: 20 s of 960x540 (progress is polled every 50 ms)."""
    return make_film(tmp_path_factory.mktemp("long") / "long.mp4", seconds=20, width=960, height=540)


@pytest.fixture(scope="module")
def short_film(tmp_path_factory):
    return make_film(tmp_path_factory.mktemp("short") / "short.mp4", seconds=4, width=640, height=360)


def test_ten_films_queued_at_once_run_two_at_a_time_in_order(store, consumers, short_film):
    codes = [consenting(store, f"VIG-{n:04d}") for n in range(1, 11)]
    for code in codes:
        add(store, code, short_film)
    assert all(status(store, code) is FilmStatus.WAITING for code in codes)
    last = board.standing(store.root, store.load(codes[-1]).cycles[0].film.id)
    assert last.ahead == 9 and last.alike_ahead == 9  # nothing runs yet: every other film is ahead of the last

    consumers(workers=2)
    most, started = 0, []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not all(status(store, c) is FilmStatus.READY for c in codes):
        assert FilmStatus.FAILED not in {status(store, c) for c in codes}
        now = running(store)
        most = max(most, len(now))
        started += [job.code for job in now if job.code not in started]
        time.sleep(0.1)  # each film takes a second or more: ten looks a second catch every pair
    assert all(status(store, c) is FilmStatus.READY for c in codes)
    assert most == 2, f"at most 2 films at once were expected, {most} were seen"
    assert started[:2] == codes[:2] or set(started[:2]) == set(codes[:2])  # first come, first served
    wait_until(lambda: records.every(queue_for(store.root)) == [], "no job to be left once every film is ready")
    # Each film was looked at for moments as soon as it was ready, and only what it saw is left of that job.
    assert all(FilmFiles.of(store, c, store.load(c).cycles[0].film.id).looked.exists() for c in codes)


def test_cancelling_a_waiting_film_and_a_running_film(store, consumers, long_film, short_film):
    first, second = consenting(store, "VIG-0001"), consenting(store, "VIG-0002")
    running_id, waiting_id = add(store, first, long_film), add(store, second, short_film)
    consumer = consumers(workers=1)
    part_way(store, running_id)
    assert films.follow(store, store.load(second), 1).films_ahead == 1

    films.cancel(store, second, 1)  # waiting: gone at once, and never started
    cycle = store.load(second).cycles[0]
    assert cycle.film is None and CANCELLED in cycle.film_problem
    assert files_under(FilmFiles.of(store, second, waiting_id).folder) == []

    films.cancel(store, first, 1)  # running: stops at its next report, and deletes what it made
    wait_until(lambda: store.load(first).cycles[0].film is None, "the running film to stop")
    assert CANCELLED in store.load(first).cycles[0].film_problem
    assert files_under(FilmFiles.of(store, first, running_id).folder) == []
    # Left: the consumer, its one worker and its scheduler.
    wait_until(lambda: len(consumer.family_of_processes()) <= 3, "its ffmpeg to be gone")
    wait_until(lambda: records.every(queue_for(store.root)) == [], "the cancelled jobs to be gone")


def test_a_consumer_killed_mid_film_leaves_nothing_half_made_then_retries_once_then_says_why(
        store, consumers, long_film):
    code = consenting(store, "VIG-0001")
    film_id = add(store, code, long_film)
    files = FilmFiles.of(store, code, film_id)
    for _attempt in (1, 2):  # killed twice: tried again once, then failed with a sentence
        consumer = consumers(workers=1)
        part_way(store, film_id, beyond=0.02)
        session = consumer.process.pid
        consumer.kill()
        # The workers and their ffmpeg die with the consumer: no orphans, no zombies.
        wait_until(lambda s=session: processes_in_session(s) == [], "every process of the killed consumer to be gone")
        assert files.partial_proxy.exists() or files.filmstrip.exists()  # caught part-way, as a crash leaves it
        assert status(store, code) is FilmStatus.PREPARING

        assert recover(queue_for(store.root), store.root, now=time.time() + 1) == []  # not yet silent long enough
        dealt = recover(queue_for(store.root), store.root, now=time.time() + STALLED_S + 1)
        assert dealt == [film_id]
        assert not files.partial_proxy.exists() and not files.filmstrip.exists() and not files.proxy.exists()
        assert files.original(store.load(code).cycles[0].film.original_file).exists()  # kept for another try
    film = store.load(code).cycles[0].film
    assert film.status is FilmStatus.FAILED and film.problem == GAVE_UP
    assert films.follow(store, store.load(code), 1) is None

    films.retry(store, code, 1)  # the guider tries again: this time it finishes
    consumers(workers=1)
    wait_until(lambda: status(store, code) is FilmStatus.READY, "the film to be ready after a retry", timeout_s=400)


def test_erasing_a_family_during_its_job_leaves_nothing(store, consumers, long_film):
    code = consenting(store, "VIG-0001")
    film_id = add(store, code, long_film)
    consumer = consumers(workers=1)
    part_way(store, film_id)
    erase_family(store, code)
    nothing_left_of(store, code)
    time.sleep(2)  # a job that had not stopped would write now; nothing may come back
    nothing_left_of(store, code)
    assert records.every(queue_for(store.root)) == []
    wait_until(lambda: len(consumer.family_of_processes()) <= 3, "its ffmpeg to be gone")


def test_the_consumer_stops_cleanly_and_puts_its_film_back(store, consumers, long_film):
    code = consenting(store, "VIG-0001")
    film_id = add(store, code, long_film)
    consumer = consumers(workers=1)
    part_way(store, film_id)
    session = consumer.process.pid
    consumer.stop()  # SIGTERM, as make run's Ctrl-C sends
    assert consumer.process.returncode == 0
    assert processes_in_session(session) == []
    files = FilmFiles.of(store, code, film_id)
    assert not files.partial_proxy.exists() and not files.filmstrip.exists()
    assert status(store, code) is FilmStatus.WAITING
    assert board.find(store.root, film_id).state == records.State.WAITING  # back on the queue for next time
