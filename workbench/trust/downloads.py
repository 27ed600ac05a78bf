"""Downloads made at the moment they are fetched (a calendar, the supervision record), and what a fetch audits.

An engine that knows no feature: each feature registers the kinds of file it makes
(``@maker("kind")``), as a function of the account that asks and one argument. It
is called on every fetch, so it checks that account's right to the file then, as
the family's own files are checked (``workbench.trust.links``), and raises
``WorkbenchError`` to refuse.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import WorkbenchError
from .accounts import Account


@dataclass(frozen=True)
class Made:
    """A file made for one fetch: its bytes, the type a browser is told, and whose family's it is ("" for none)."""

    payload: bytes
    media_type: str
    family_code: str = ""
    detail: str = ""  # what the audit line says it was


Maker = Callable[[Account, str], Made]
_MAKERS: dict[str, Maker] = {}


class NoSuchDownload(WorkbenchError):
    """No feature makes files of that kind."""


def maker(kind: str) -> Callable[[Maker], Maker]:
    """Register ``kind``'s maker: ``(account, arg) -> Made``, refusing by raising ``WorkbenchError``."""
    def register(make: Maker) -> Maker:
        _MAKERS[kind] = make
        return make
    return register


def make(kind: str, account: Account, arg: str) -> Made:
    try:
        made = _MAKERS[kind]
    except KeyError:
        raise NoSuchDownload("no such download") from None
    return made(account, arg)


# -- auditing downloads ----------------------------------------------------------------
_RANGE = re.compile(r"bytes=(.*)")
_FETCHED: dict[str, float] = {}  # link -> when it stops mattering (its expiry)
_LOCK = threading.Lock()


def first_fetch(link: str, expiry: float, range_header: str | None, now: float | None = None) -> bool:
    """Whether a fetch of a download link starts a download, to be audited: the link's first fetch, and any
    fetch that includes the file's first byte (no ``Range``, ``bytes=0-``, a suffix range). A download resumed
    from the middle is the same download; one fetched in pieces must fetch its first byte too."""
    now = time.time() if now is None else now
    with _LOCK:
        for old in [k for k, until in _FETCHED.items() if until < now]:
            del _FETCHED[old]
        seen = link in _FETCHED
        _FETCHED[link] = expiry
    return not seen or _covers_first_byte(range_header)


def _covers_first_byte(range_header: str | None) -> bool:
    if not range_header:
        return True
    asked = _RANGE.fullmatch(range_header.strip())
    if asked is None:
        return True  # not a range a server honours: the whole file is sent
    for part in asked.group(1).split(","):
        start, _, _ = part.strip().partition("-")
        if not start.strip() or start.strip() == "0" or not start.strip().isdigit():
            return True  # from the start, or the last n bytes (which may be all of them)
    return False
