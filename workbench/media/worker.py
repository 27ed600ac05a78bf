"""Prepares one film in its own low-priority process: ``python -m workbench.media.worker CODE CYCLE FILM_ID``."""

from __future__ import annotations

import os
import signal
import sys

from ..config import private_files
from ..errors import WorkbenchError
from ..store import FamilyStore
from . import ffmpeg
from .ingest import prepare_film


def main(argv: list[str]) -> int:
    code, cycle, film_id = argv
    private_files()
    if hasattr(os, "nice"):
        os.nice(5)  # the guider's browser and the rest of the machine come first
    # Erasing the family or removing the film sends SIGTERM: stop ffmpeg and delete what was made.
    signal.signal(signal.SIGTERM, _stop)
    try:
        prepare_film(FamilyStore(), code, int(cycle), film_id)
    except (WorkbenchError, ffmpeg.Cancelled):
        return 1  # the reason is already recorded on the cycle
    return 0


def _stop(signum, frame) -> None:
    raise ffmpeg.Cancelled()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
