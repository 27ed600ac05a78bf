"""Where the workbench keeps its data: one root folder, chosen by an environment variable."""

from __future__ import annotations

import ctypes
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
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DATA_ROOT


def private_files() -> None:
    """Everything this process creates from now on is readable by this account alone (files 0600, folders 0700).

    Called when the server, a worker or a command starts; films, stills and documents are about children.
    """
    os.umask(0o077)


def die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies, so a killed consumer leaves no orphans."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG


def families_dir(root: Path | None = None) -> Path:
    return (root or data_root()) / FAMILIES
