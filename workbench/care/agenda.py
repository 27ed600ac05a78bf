"""The guider's Monday view: each family's next step and next session, and which families need them this week.

Everything here comes from the caseload index (``FamilySummary``), never from opening the stores,
so the caseload stays quick with hundreds of families.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..core.caseload import FamilySummary
from ..core.next_step import NextStep, Stage, next_step
from ..core.settings import Settings
from ..model import BookedSession

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class AgendaLine:
    summary: FamilySummary
    stage: Stage | None
    step: NextStep | None
    session: BookedSession | None  # the next booked session not yet over

    @property
    def code(self) -> str:
        return self.summary.code


def booked(summary: FamilySummary) -> list[BookedSession]:
    """The family's booked sessions, as the index holds them."""
    return list(summary.booked)


def line(summary: FamilySummary, now: datetime, settings: Settings, followed: bool = True) -> AgendaLine:
    where = summary.where if followed else None
    if where is None:
        return AgendaLine(summary, None, None, None)
    coming = sorted((s for s in booked(summary) if s.ends_at > now), key=lambda s: s.starts_at)
    return AgendaLine(summary, where.stage, next_step(where, now.date(), settings), coming[0] if coming else None)


def agenda(summaries: Iterable[FamilySummary], settings: Settings, now: datetime | None = None,
           follows: Callable[[FamilySummary], bool] = lambda summary: True) -> list[AgendaLine]:
    """A line per family; where ``follows`` says no (a supervised family without consent), only its name."""
    now = (now or datetime.now()).replace(tzinfo=None)
    return [line(s, now, settings, follows(s)) for s in summaries]


def this_week(lines: Iterable[AgendaLine], now: datetime | None = None) -> list[AgendaLine]:
    """Families with a session in the next seven days or a step overdue: overdue first, then by session."""
    now = (now or datetime.now()).replace(tzinfo=None)
    soon = [ln for ln in lines if (ln.step and ln.step.overdue) or (ln.session and ln.session.starts_at < now + WEEK)]
    return sorted(soon, key=lambda ln: (not (ln.step and ln.step.overdue),
                                        ln.session.starts_at if ln.session else datetime.max, ln.code))


def session_words(session: BookedSession, today: date) -> str:
    """'Tue 1 Dec, 10:00 · shared review', with 'today' or 'tomorrow' where it is."""
    day = session.starts_at.date()
    # Not %-d: Windows has none.
    named = {today: "Today", today + timedelta(days=1): "Tomorrow"}.get(day, f"{day:%a} {day.day} {day:%b}")
    return f"{named}, {session.starts_at:%H:%M} · {session.kind.value}"


def own_sessions(summaries: Iterable[FamilySummary], username: str) -> list[tuple[str, BookedSession]]:
    """Every session booked with the guider's own families, for their calendar feed."""
    return [(s.code, session) for s in summaries
            if s.readable and s.guider_account == username and s.status == "active" for session in booked(s)]
