"""The consumer: ``python -m workbench.jobs.consumer`` runs the queue's jobs for the data root in VIG_DATA_ROOT.

Its workers are processes, as many as Settings says films may be prepared at
once. Each worker (and each ffmpeg it starts) dies with the consumer, so a
killed consumer leaves no orphans; SIGTERM or Ctrl-C stops it cleanly and puts
any job it was running back on the queue.
"""

from __future__ import annotations

import logging
import sys
import time

from huey.consumer import Consumer, Scheduler, Worker
from huey.consumer_options import ConsumerConfig

from ..core.config import data_root, die_with_parent, private_files, yield_to_the_app
from ..core.settings import load_settings
from . import records
from .queue import queue_for
from .recovery import recover


class _Worker(Worker):
    def initialize(self) -> None:
        die_with_parent()
        super().initialize()


class _Scheduler(Scheduler):
    """huey's scheduler, which also says every few seconds that a consumer is alive, for the pages to show."""

    _said_at = 0.0

    def initialize(self) -> None:
        die_with_parent()
        super().initialize()

    def loop(self, now=None):
        if time.monotonic() - self._said_at >= records.ALIVE_EVERY_S:
            self._said_at = time.monotonic()
            records.consumer_alive(self.huey)
        return super().loop(now)


class _Consumer(Consumer):
    """huey's consumer, whose forked workers and scheduler die with it."""

    worker_class = _Worker
    scheduler_class = _Scheduler


def main(argv: list[str]) -> int:
    private_files()
    yield_to_the_app()
    root = data_root()
    huey = queue_for(root)
    workers = int(argv[0]) if argv else load_settings(root).films_at_once
    logging.basicConfig(level=logging.INFO, format="%(asctime)s consumer %(levelname)s %(message)s")
    recover(huey, root)  # jobs a killed consumer left running are tidied before new work starts
    config = ConsumerConfig(workers=workers, worker_type="process", periodic=True, initial_delay=0.1,
                            max_delay=1.0, backoff=1.15)
    config.validate()
    consumer = _Consumer(huey, **config.values)
    consumer.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
