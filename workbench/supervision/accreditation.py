"""The road to VIG accreditation: each stage's targets, and a guider's progress counted from the families.

Each stage is its own stretch of work: the cycles, clients and hours of
supervision that count towards a stage are those since the previous stage was
signed off, up to today. A cycle counts once its shared review is written up; a
client is a family with such a cycle; supervision counts by the hour, so seven
short sessions are not seven hours. Demo families never count. Nothing here can
be typed in: every figure is counted from the store and the supervision log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import Cycle, Family


@dataclass(frozen=True)
class StageTargets:
    stage: int
    cycles: int
    clients: int
    hours: int  # hours of supervision (the stages ask for one-hour sessions)


STAGES = (StageTargets(1, 6, 2, 7), StageTargets(2, 9, 3, 8), StageTargets(3, 12, 3, 8))


@dataclass(frozen=True)
class Counts:
    cycles: int
    clients: int
    hours: float
    families: tuple[str, ...]  # the codes of the clients counted that are still in the store, for the guider


@dataclass(frozen=True)
class Progress:
    targets: StageTargets
    counts: Counts
    since: date | None  # the day the previous stage was signed off; None for stage 1
    accredited: bool  # all three stages signed off

    def share(self, what: str) -> float:
        """How far along one target is, 0 to 1: ``cycles``, ``clients`` or ``hours``."""
        return min(1.0, getattr(self.counts, what) / getattr(self.targets, what))

    @property
    def counted_families(self) -> str:
        """The families counted, by code, and how many were erased since ("VIG-0002 and 1 family since erased")."""
        gone = self.counts.clients - len(self.counts.families)
        names = list(self.counts.families) + ([f"{gone} famil{'y' if gone == 1 else 'ies'} since erased"]
                                              if gone else [])
        return ", ".join(names) or "none yet"

    @property
    def met(self) -> bool:
        return all(self.share(what) >= 1 for what in ("cycles", "clients", "hours"))


def completed_on(cycle: Cycle) -> date | None:
    """The day of the cycle's shared review, once it is written up (a later edit of the write-up moves nothing)."""
    review = cycle.review
    return review.held_on if review is not None and review.written_up else None


def counts(families: Iterable[Family], guider: str, sessions: Sequence[tuple[date, int]] = (),
           since: date | None = None, today: date | None = None, erased: Sequence[Sequence[date]] = ()) -> Counts:
    """What ``guider`` has done after ``since`` (from the start, if None) up to ``today``: cycles, clients and
    hours of supervision (``sessions`` are each session's day and minutes). ``erased`` holds, for each family
    erased since, the days of its written-up reviews: its work still counts, with nothing to name it."""
    today = today or date.today()

    def counted(day: date | None) -> bool:
        return day is not None and (since is None or day > since) and day <= today

    cycles, clients, codes = 0, 0, []
    for family in families:
        if family.is_demo or family.guider_account != guider:
            continue
        done = [d for d in map(completed_on, family.cycles) if counted(d)]
        cycles += len(done)
        if done:
            clients += 1
            codes.append(family.code)
    for days in erased:
        done = [d for d in days if counted(d)]
        cycles += len(done)
        clients += bool(done)
    hours = sum(minutes for day, minutes in sessions if counted(day)) / 60
    return Counts(cycles, clients, hours, tuple(sorted(codes)))


def progress(families: Iterable[Family], guider: str, signed_off: Sequence[date] = (),
             sessions: Sequence[tuple[date, int]] = (), today: date | None = None,
             erased: Sequence[Sequence[date]] = ()) -> Progress:
    """The stage ``guider`` works towards, with what counts towards it since the last stage was signed off."""
    finished = len(signed_off)
    targets = STAGES[min(finished, len(STAGES) - 1)]
    since = max(signed_off) if signed_off else None
    return Progress(targets, counts(families, guider, sessions, since, today, erased), since,
                    finished >= len(STAGES))
