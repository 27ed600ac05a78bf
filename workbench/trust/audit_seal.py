"""The audit log's seal: the key its chain is signed with, and the anchor that records its length and head.

The key (32 random bytes, 0600) lives outside the log, beside it in the data root
unless ``VIG_AUDIT_KEY_FILE`` names a place elsewhere (better: another disk or
owner), and never in an archive. Without it, nobody can write a line the chain
accepts, so a line removed from the middle and the rest re-hashed shows. The
anchor (also signed) says how many lines the log had and which was last, so
lines cut from the end show too. Against someone who holds the key, the only
proof is the fingerprint (``fingerprint``) already printed into summaries and
supervision records and seen by the administrator: a later log that does not
reach it was rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from ..core.config import data_root
from ..core.storages import PRIVATE_FILE, atomic_write_bytes, make_dirs

KEY_ENV = "VIG_AUDIT_KEY_FILE"
KEY_FILE = ".audit.key"
ANCHOR_FILE = ".audit.anchor"


def key_path(root: Path | None = None) -> Path:
    configured = os.environ.get(KEY_ENV, "").strip()
    return Path(configured) if configured else (root or data_root()) / KEY_FILE


def key(root: Path | None = None) -> bytes:
    """The chain's key, made on first use (0600)."""
    path = key_path(root)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        make_dirs(path.parent)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        except FileExistsError:
            return path.read_bytes()  # made by another process a moment ago
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
            handle.flush()
            os.fsync(handle.fileno())
        return path.read_bytes()


def sign(payload: bytes, root: Path | None = None) -> str:
    return hmac.new(key(root), payload, hashlib.sha256).hexdigest()


def anchor_path(root: Path | None = None) -> Path:
    return (root or data_root()) / ANCHOR_FILE


def write_anchor(lines: int, head: str, root: Path | None = None) -> None:
    body = f"{lines}:{head}"
    atomic_write_bytes(anchor_path(root), json.dumps({"lines": lines, "head": head,
                                                      "mac": sign(body.encode(), root)}).encode())


def read_anchor(root: Path | None = None) -> tuple[int, str] | None:
    """The anchored length and head; None if there is none yet; ValueError if it was altered."""
    try:
        kept = json.loads(anchor_path(root).read_bytes())
    except FileNotFoundError:
        return None
    except ValueError:
        raise ValueError("the anchor is damaged") from None
    lines, head = int(kept["lines"]), str(kept["head"])
    if not hmac.compare_digest(sign(f"{lines}:{head}".encode(), root), str(kept.get("mac", ""))):
        raise ValueError("the anchor was altered")
    return lines, head


def fingerprint(lines: int, head: str) -> str:
    """The log's length and head in a few words, to print where a log editor cannot reach."""
    return f"{lines} entries, fingerprint {head[:16]}"
