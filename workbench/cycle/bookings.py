"""Booking the family's next sessions, and the calendar files that carry them (family code only, never a name)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from icalendar import Calendar, Event

from ..core.errors import InvalidInput
from ..core.validation import build
from ..model import MAX_SESSIONS, BookedSession, Family, FamilyStatus, SessionKind, utc_now

PRODUCT = "-//VIG guider workbench//sessions//EN"
AHEAD = timedelta(days=731)  # bookings up to two years ahead
KEEP_PAST = timedelta(days=365)  # past sessions kept a year, then let go when the next is booked


def book(family: Family, kind: SessionKind | str, on: date, at: time, minutes: int = 60,
         now: datetime | None = None) -> BookedSession:
    """Book a session with the family on ``on`` at ``at`` (the guider's local time)."""
    now = (now or datetime.now()).replace(tzinfo=None)
    starts = datetime.combine(on, at)
    if family.status is FamilyStatus.CLOSED:
        raise InvalidInput("This family's case is closed; no session can be booked.")
    if starts < now.replace(second=0, microsecond=0):
        raise InvalidInput("That time has passed: book a session from now on.")
    if starts > now + AHEAD:
        raise InvalidInput("Book sessions up to two years ahead.")
    kept = [s for s in family.sessions if s.ends_at > now - KEEP_PAST]  # long-past sessions are let go
    if len(upcoming(kept, now)) >= MAX_SESSIONS // 2 or len(kept) >= MAX_SESSIONS:
        raise InvalidInput(f"This family already has {len(upcoming(kept, now))} sessions booked; cancel one first.")
    session = build(BookedSession, kind=kind, starts_at=starts, minutes=minutes)
    family.sessions = sorted([*kept, session], key=lambda s: s.starts_at)
    return session


def cancel_coming(family: Family, now: datetime | None = None) -> None:
    """Cancel every session still to come (the case is closing): none lingers in a calendar feed."""
    now = (now or datetime.now()).replace(tzinfo=None)
    family.sessions = [s for s in family.sessions if s.starts_at < now]


def cancel(family: Family, session_id: str) -> None:
    if not any(s.id == session_id for s in family.sessions):
        raise InvalidInput("That session is no longer booked; it may have been cancelled in another window.")
    family.sessions = [s for s in family.sessions if s.id != session_id]


def upcoming(sessions: Iterable[BookedSession], now: datetime | None = None) -> list[BookedSession]:
    """Sessions not yet over, soonest first."""
    now = (now or datetime.now()).replace(tzinfo=None)
    return sorted((s for s in sessions if s.ends_at > now), key=lambda s: s.starts_at)


def title(kind: SessionKind | str, code: str) -> str:
    return f"VIG {SessionKind(kind).value} · {code}"


def calendar_file(entries: Iterable[tuple[str, BookedSession]], name: str = "VIG sessions") -> bytes:
    """An iCalendar file of ``(family code, session)`` pairs.

    Times are floating (local wall-clock time, as booked), and each entry says only the kind of session
    and the family's code: a calendar is often synced to a phone or a shared account.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = utc_now()
    for code, session in entries:
        event = Event()
        event.add("uid", f"{session.id}@vig-workbench")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("duration", timedelta(minutes=session.minutes))  # not an end time: right across a clock change
        event.add("summary", title(session.kind, code))
        event.add("categories", ["VIG"])
        calendar.add_component(event)
    return calendar.to_ical()
