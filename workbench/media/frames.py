"""A film's pictures and sound as arrays, and pictures written back as a film, through the bundled ffmpeg.

For the on-device analysis and the blurred copies: ffmpeg decodes and encodes in a
process of its own (lower priority, killed with its parent), and Python only sees
raw pixels and samples through pipes, one frame at a time, so a ten-minute film
never sits in memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Generator
from pathlib import Path

import numpy as np

from ..core.storages import PRIVATE_UMASK
from .ffmpeg import Cancelled, FfmpegFailed, _lower_priority, ffmpeg_exe

SOUND_RATE = 16_000


def _spawn(args: list[str], **pipes) -> subprocess.Popen:
    return subprocess.Popen([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args],
                            stderr=subprocess.PIPE, preexec_fn=_lower_priority if sys.platform != "win32" else None,
                            umask=PRIVATE_UMASK, **pipes)


class _Errors:
    """ffmpeg's complaints, read on a thread so a chatty ffmpeg never blocks on a full pipe."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[bytes] = []
        stderr = process.stderr
        assert stderr is not None
        self._thread = threading.Thread(target=lambda: self.lines.extend(stderr), daemon=True)
        self._thread.start()

    def text(self) -> str:
        self._thread.join(timeout=5)
        return b"".join(self.lines[-50:]).decode("utf-8", "replace")


def _reap(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


def pictures(path: Path, *, width: int, height: int, fps: float | None = None, start_s: float = 0.0,
             frames: int | None = None, stop=None) -> Generator[np.ndarray, None, None]:
    """The film's pictures as BGR arrays of ``width`` x ``height``: ``fps`` a second (every frame if None), from
    ``start_s``, at most ``frames`` of them. ``stop()`` is asked before each; True cancels (raises Cancelled)."""
    chosen = [f"fps={fps}"] if fps else []
    args = ["-ss", f"{start_s:.6f}"] if start_s > 0 else []
    args += ["-i", os.fspath(path), "-map", "0:v:0", "-vf", ",".join([*chosen, f"scale={width}:{height}"]),
             "-fps_mode", "passthrough" if not fps else "cfr"]
    if frames is not None:
        args += ["-frames:v", str(frames)]
    process = _spawn([*args, "-f", "rawvideo", "-pix_fmt", "bgr24", "-"], stdout=subprocess.PIPE,
                     stdin=subprocess.DEVNULL)
    errors = _Errors(process)
    size = width * height * 3
    assert process.stdout is not None
    try:
        while True:
            if stop is not None and stop():
                raise Cancelled()
            raw = process.stdout.read(size)
            if len(raw) < size:
                break
            yield np.frombuffer(raw, np.uint8).reshape(height, width, 3)
        if process.wait() != 0:
            raise FfmpegFailed(process.returncode, errors.text())
    finally:
        _reap(process)


def sound(path: Path, rate: int = SOUND_RATE) -> np.ndarray:
    """The film's sound as mono floats at ``rate``; empty if it has none."""
    process = _spawn(["-i", os.fspath(path), "-map", "0:a:0?", "-ac", "1", "-ar", str(rate), "-f", "f32le", "-"],
                     stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    errors = _Errors(process)
    try:
        assert process.stdout is not None
        raw = process.stdout.read()
        if process.wait() != 0:
            raise FfmpegFailed(process.returncode, errors.text())
    finally:
        _reap(process)
    return np.frombuffer(raw, np.float32)


class Writer:
    """Pictures piped into an H.264 film, with the sound of ``sound_args`` (ffmpeg input arguments) if given.

    Use as a context manager; the film is whole only once it exits without an error.
    """

    def __init__(self, target: Path, *, width: int, height: int, fps: int, sound_args: list[str] | None = None,
                 sound_filter: str = "", preset: str = "veryfast"):
        args = ["-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{width}x{height}", "-r", str(fps), "-i", "-"]
        if sound_args:
            args += [*sound_args, "-map", "0:v:0", "-map", "1:a:0?"]
            if sound_filter:
                args += ["-af", sound_filter]
            args += ["-c:a", "aac", "-b:a", "128k"]
        args += ["-c:v", "libx264", "-preset", preset, "-crf", "20", "-bf", "0", "-pix_fmt", "yuv420p",
                 "-use_editlist", "0", "-movflags", "+faststart", "-f", "mp4", os.fspath(target)]
        self._process = _spawn(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        self._errors = _Errors(self._process)

    def __enter__(self) -> Writer:
        return self

    def write(self, picture: np.ndarray) -> None:
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(np.ascontiguousarray(picture).tobytes())
        except BrokenPipeError as error:
            raise FfmpegFailed(self._process.wait(), self._errors.text()) from error

    def __exit__(self, kind, *rest) -> None:
        try:
            if kind is None:
                assert self._process.stdin is not None
                self._process.stdin.close()
                if self._process.wait() != 0:
                    raise FfmpegFailed(self._process.returncode, self._errors.text())
        finally:
            _reap(self._process)
