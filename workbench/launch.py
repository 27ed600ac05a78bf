"""``make run``: the app and one job consumer together, started by one command and stopped together.

``python -m workbench.launch [streamlit options]``. Ctrl-C or SIGTERM stops both:
the consumer puts a film it was preparing back on the queue, and both children
are reaped. If this process is killed outright, the kernel stops both children
too (Linux), so nothing is left running.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from .config import die_with_parent, private_files

ROOT = Path(__file__).resolve().parent.parent
STOP_WAIT_S = 30


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
    consumer = _start(["-m", "workbench.jobs.consumer"])
    app = _start(["-m", "streamlit", "run", str(ROOT / "serve.py"), *argv])
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while app.poll() is None and consumer.poll() is None:
            try:
                app.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop(app)
        _stop(consumer)
    if not stopping and consumer.returncode not in (0, None):
        print(f"The job consumer stopped unexpectedly (exit {consumer.returncode}); the app was stopped too.",
              file=sys.stderr)
        return 1
    return 0 if stopping else (app.returncode or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
