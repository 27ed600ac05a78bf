"""Running the bundled ffmpeg (from the imageio-ffmpeg wheel): progress, cancelling, and always reaping."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache

import imageio_ffmpeg

from ..core.config import die_with_parent
from ..core.storages import PRIVATE_UMASK


class FfmpegFailed(Exception):
    """ffmpeg exited with an error; ``log`` is the tail of what it printed."""

    def __init__(self, returncode: int, log: str):
        super().__init__(f"ffmpeg exited with {returncode}: {log[-600:]}")
        self.returncode = returncode
        self.log = log


class Cancelled(Exception):
    """The work was cancelled on request."""


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    return imageio_ffmpeg.get_ffmpeg_exe()


def _lower_priority() -> None:  # runs in the child before exec (POSIX only)
    os.nice(10)
    die_with_parent()  # a killed job leaves no ffmpeg behind


def run(args: Sequence[str], *, duration_ms: int | None = None,
        on_progress: Callable[[float], None] | None = None,
        should_cancel: Callable[[], bool] | None = None, background: bool = False,
        check: bool = True) -> str:
    """Run ffmpeg with ``args``; returns its log (stderr).

    ``on_progress`` receives 0..1 from ffmpeg's ``-progress`` output (needs
    ``duration_ms``). ``should_cancel`` is polled at each progress report; if it
    returns True ffmpeg is stopped and Cancelled raised. ``background`` lowers
    ffmpeg's priority so the app and the rest of the machine stay responsive.
    The process is always reaped, whatever happens.
    """
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
               "-progress", "pipe:1", "-stats_period", "0.5", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        preexec_fn=_lower_priority if background and sys.platform != "win32" else None, umask=PRIVATE_UMASK,
    )
    assert process.stdout is not None and process.stderr is not None  # both are pipes
    stdout, stderr = process.stdout, process.stderr
    log: collections.deque[str] = collections.deque(maxlen=200)
    reader = threading.Thread(target=lambda: log.extend(
        line.decode("utf-8", "replace") for line in stderr), daemon=True)
    reader.start()
    done = 0.0
    try:
        for raw in stdout:
            key, _, value = raw.decode("ascii", "replace").strip().partition("=")
            if key == "out_time_us" and on_progress and duration_ms and value.lstrip("-").isdigit():
                # ffmpeg's out_time can step back a little between reports (several outputs, a busy
                # machine): a progress bar only moves forward.
                fraction = max(0.0, min(1.0, int(value) / 1000 / duration_ms))
                if fraction > done:
                    done = fraction
                    on_progress(fraction)
            elif key == "progress" and should_cancel and should_cancel():
                raise Cancelled()
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(timeout=5)
        stdout.close()
        stderr.close()
    text = "".join(log)
    if check and process.returncode != 0:
        raise FfmpegFailed(process.returncode, text)
    return text


def describe(path: os.PathLike | str) -> str:
    """What ``ffmpeg -i`` prints about a file (it exits non-zero: no output was asked for)."""
    completed = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", os.fspath(path)],
        capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
    )
    return completed.stderr.decode("utf-8", "replace")


def packets(path: os.PathLike | str, stream: str = "0:v:0", timeout_s: float = 1800) -> tuple[str, str]:
    """Every packet of one stream, by stream copy (no decoding): ffmpeg's framecrc text and its log."""
    completed = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", os.fspath(path),
         "-map", stream, "-c", "copy", "-f", "framecrc", "-"],
        capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout_s,
    )
    return completed.stdout.decode("ascii", "replace"), completed.stderr.decode("utf-8", "replace")
