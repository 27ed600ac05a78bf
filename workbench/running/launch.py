"""``make run``: the app and one job consumer together, started by one command and stopped together.

``python -m workbench.running.launch [streamlit options]``. Ctrl-C or SIGTERM stops both:
the consumer puts a film it was preparing back on the queue, and both children
are reaped. If this process is killed outright, the kernel stops both children
too (Linux), so nothing is left running. A consumer that dies on its own (the
out-of-memory killer, a crash) is started again after a pause that doubles each
time it dies soon after starting, and the app keeps serving meanwhile: pages
work, and films wait on the queue.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from ..core.config import die_with_parent, private_files

ROOT = Path(__file__).resolve().parents[2]
STOP_WAIT_S = 30
CONSUMER = ["-m", "workbench.jobs.consumer"]
FIRST_PAUSE_S, LONGEST_PAUSE_S = 1.0, 60.0
STEADY_S = 120  # a consumer that ran this long before dying starts again at once


def _start(args: list[str]) -> subprocess.Popen:
    # Own session: a terminal's Ctrl-C reaches only us, and we stop each child the way it needs.
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, start_new_session=True, preexec_fn=die_with_parent)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_WAIT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str]) -> int:
    private_files()
    consumer = _start(CONSUMER)
    app = _start(["-m", "streamlit", "run", str(ROOT / "serve.py"), *argv])
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    started, pause, restart_at = time.monotonic(), FIRST_PAUSE_S, None
    try:
        while app.poll() is None:
            if restart_at is None and consumer.poll() is not None:
                ran = time.monotonic() - started
                pause = FIRST_PAUSE_S if ran > STEADY_S else min(LONGEST_PAUSE_S, pause * 2)
                restart_at = time.monotonic() + pause
                print(f"The job consumer stopped unexpectedly (exit {consumer.returncode}) after {ran:.0f} s; "
                      f"starting it again in {pause:.0f} s. The app keeps serving.", file=sys.stderr, flush=True)
            if restart_at is not None and time.monotonic() >= restart_at:
                consumer, started, restart_at = _start(CONSUMER), time.monotonic(), None
            try:
                app.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop(app)
        _stop(consumer)
    return 0 if stopping else (app.returncode or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
