"""One-time tickets that open the carer's screen in a new window of the guider's own browser."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

TICKET_S = 120
_LOCK = threading.Lock()
_TICKETS: dict[str, tuple[str, str, str, float]] = {}  # hash of ticket -> (username, review, browser, expiry)


def audience_ticket(username: str, review: str, *, browser: str = "", now: float | None = None) -> str:
    """A one-time, two-minute ticket that signs a new window of this browser in as the carer's screen of one
    review (``stage.review_of``): never a later one."""
    now = time.time() if now is None else now
    ticket = secrets.token_urlsafe(24)
    with _LOCK:
        for key in [k for k, (*_, expiry) in _TICKETS.items() if expiry < now]:
            del _TICKETS[key]
        _TICKETS[_digest(ticket)] = (username, review, browser, now + TICKET_S)
    return ticket


def redeem_ticket(ticket: str, *, browser: str = "", now: float | None = None) -> tuple[str, str] | None:
    """The guider and review a ticket was made for, once only, in the browser it was made in, before it expires."""
    now = time.time() if now is None else now
    with _LOCK:
        held = _TICKETS.pop(_digest(ticket), None)
    if held is None or held[3] < now or not hmac.compare_digest(held[2], browser):
        return None
    return held[0], held[1]


def _digest(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()
