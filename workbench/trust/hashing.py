"""Argon2id for passwords and PINs, with a bounded number of hashes worked at once.

Each Argon2 hash holds 64 MiB and all the processors for a moment. Twenty guiders signing in together
(or someone trying sign-in after sign-in from many tabs) would otherwise hold a gigabyte of the server's
memory and stall every page; in turns, each waits a little and the server stays within its memory.
"""

from __future__ import annotations

import os
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # the library's recommended memory and time costs (RFC 9106's second choice)
AT_ONCE = max(1, min(4, os.cpu_count() or 1))  # each hash already uses every processor: more at once only queue
_TURNS = threading.BoundedSemaphore(AT_ONCE)


def hash_secret(secret: str) -> str:
    with _TURNS:
        return _HASHER.hash(secret)


def matches(hashed: str, secret: str) -> bool:
    """Whether ``secret`` is the one ``hashed`` was made from (False for a damaged or foreign hash too)."""
    try:
        with _TURNS:
            return bool(hashed) and _HASHER.verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def outdated(hashed: str) -> bool:
    """Whether ``hashed`` was made at an older cost than today's, so is to be made again."""
    return _HASHER.check_needs_rehash(hashed)
