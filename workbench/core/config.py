"""Where the workbench keeps its data: one root folder, chosen by an environment variable."""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys
from pathlib import Path

DATA_ROOT_ENV = "VIG_DATA_ROOT"
FAMILIES = "families"
SUPERVISION = "supervision"  # one supervision log per guider account
DEFAULT_DATA_ROOT = Path(__file__).resolve().parents[2] / "data"


def data_root() -> Path:
    """The data root, read at call time so tests and notebooks can point elsewhere."""
    configured = os.environ.get(DATA_ROOT_ENV, "").strip()
    return _resolved(configured or str(DEFAULT_DATA_ROOT))


@functools.lru_cache(maxsize=8)
def _resolved(configured: str) -> Path:
    # Once per setting: every page run asks for the root several times, and resolving walks each folder above it.
    # Paths under the root are still resolved on every request, where a planted link could be.
    return Path(configured).expanduser().resolve()


def private_files() -> None:
    """Everything this process creates from now on is readable by this account alone (files 0600, folders 0700).

    Called when the server, a worker or a command starts; films, stills and documents are about children.
    """
    os.umask(0o077)


def die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies, so a killed consumer leaves no orphans."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG


def yield_to_the_app(nice: int = 10) -> None:
    """Run this process (and all it starts) behind the app: films are prepared with what the pages leave.

    Linux schedules each session as one group (autogroup), sharing the processors equally between groups
    whatever their processes' own nice values. A consumer in its own session would otherwise take as much
    as the app serving a team, so the group itself is lowered, where this process leads it.
    """
    if sys.platform == "win32":
        return  # no nice values or session groups there: the consumer runs at the app's priority
    os.nice(max(0, nice - os.nice(0)))
    group = Path("/proc/self/autogroup")
    if os.getsid(0) == os.getpid() and group.exists():
        try:
            group.write_text(str(nice))
        except OSError:
            pass  # the kernel's own choice stands; the process's nice value still orders it within its group


def families_dir(root: Path | None = None) -> Path:
    return (root or data_root()) / FAMILIES
