"""Who is signed in to which browser session, as the router last said: what every checked link is held against.

A session's links are forgotten the moment it signs out or changes hands; the features that hand out links
register what to forget (``on_forget``), so this module knows none of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_LOCK = threading.Lock()
_SIGNED_IN: dict[str, str] = {}  # session id -> the account signed in there
_FORGETTERS: list[Callable[[str], None]] = []


def on_forget(forget: Callable[[str], None]) -> None:
    """``forget(session)`` is called whenever a session signs out or another account signs in to it."""
    _FORGETTERS.append(forget)


def signed_in(session: str, username: str) -> None:
    """The router says, on every run, who is signed in to this session."""
    with _LOCK:
        changed = _SIGNED_IN.get(session) != username
        _SIGNED_IN[session] = username
    if changed:
        _forget(session)


def signed_out(session: str) -> None:
    """Sign-out, an idle timeout or a closed session: every link this session was given stops working."""
    with _LOCK:
        _SIGNED_IN.pop(session, None)
    _forget(session)


def holds(session: str, username: str, session_alive=None) -> bool:
    """Whether ``session`` is still signed in as ``username`` (and, where the server can tell, still open)."""
    with _LOCK:
        held = bool(session) and _SIGNED_IN.get(session) == username
    return held and (session_alive is None or session_alive(session))


def _forget(session: str) -> None:
    for forget in _FORGETTERS:
        forget(session)
