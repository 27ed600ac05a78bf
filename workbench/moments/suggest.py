"""Suggested moments: windows of 2–8 s scored by what VIG guiders look for, each with its reason in words.

The signals, from the analysis pass:
- two faces turned towards each other (neither turned away from the other, by the landmarks' yaw);
- both looking down at the same time (by their pitch): looking at what the other looks at, a book or a toy;
- turn-taking: speech, a short pause, the other voice, and again;
- the deeper voice (usually the adult's) pausing while the higher one speaks: waiting, receiving an initiative.
  The words shown say only "deeper" and "higher": who is who is for the guider to see.
These are only suggestions: nothing is ever tagged by them. Smiles are no longer looked for: the Haar
smile cascade could not be measured on faces turned or looking down, and a signal that cannot be measured
is not offered as a reason.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from .faces import TURNED_DEG
from .look import Looked
from .voices import DEEPER, HIGHER, ONE, Speech

LENGTHS_MS = (2000, 4000, 6000, 8000)
STEP_MS = 1000
PAUSE_MS = (100, 2000)  # a pause between two turns: long enough to be one, short enough to be a reply
SHOWN = 8
EDGE_MS = 300  # a suggestion starts this much before its first words and ends this much after its last


@dataclass(frozen=True)
class Suggestion:
    """A window worth a look, its score, and why, in plain words."""

    start_ms: int
    end_ms: int
    score: float
    reason: str

    @property
    def id(self) -> str:
        return f"s{self.start_ms}-{self.end_ms}"


def _facing(looked: Looked) -> dict[int, bool]:
    """For each picture, whether two faces are turned towards each other: the left one not looking further left,
    the right one not looking further right."""
    seen: dict[int, bool] = {}
    for ms, faces in looked.pictures:
        ordered = sorted(faces, key=lambda s: s.x + s.w / 2)
        seen[ms] = any(a.yaw >= -TURNED_DEG and b.yaw <= TURNED_DEG
                       for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return seen


def _shared(looked: Looked) -> dict[int, bool]:
    """For each picture, whether two faces look down together: at what the other looks at."""
    return {ms: sum(1 for s in faces if s.down) >= 2 for ms, faces in looked.pictures}


def _turns(speech: list[Speech]) -> list[int]:
    """When each turn happens: the start of speech that answers the other voice after a short pause."""
    turns = []
    for before, after in zip(speech, speech[1:], strict=False):
        pause = after.start_ms - before.end_ms
        other = before.voice != after.voice or before.voice == ONE == after.voice
        if PAUSE_MS[0] <= pause <= PAUSE_MS[1] and other:
            turns.append(after.start_ms)
    return turns


def _waits(speech: list[Speech]) -> list[int]:
    """When the child's voice begins soon after the adult's stopped: the adult waiting, receiving."""
    waits = []
    for n, words in enumerate(speech):
        if words.voice != HIGHER:
            continue
        earlier = [s for s in speech[:n] if s.voice == DEEPER]
        if earlier and 0 <= words.start_ms - earlier[-1].end_ms <= 3000:
            waits.append(words.start_ms)
    return waits


def _reason(facing: float, shared: float, turns: int, waits: int) -> str:
    parts = []
    if facing >= 0.5:
        parts.append("two faces towards each other")
    if shared >= 0.5:
        parts.append("both looking down at the same thing")
    if turns >= 2:
        parts.append(f"turn-taking ({turns} turns with short pauses)")
    elif turns == 1:
        parts.append("a reply after a short pause")
    if waits:
        parts.append("the deeper voice waits while the higher one speaks")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _snapped(start: int, end: int, speech: list[Speech], duration: int) -> tuple[int, int]:
    """The window moved to begin just before its first words and end just after its last, if still 2–8 s."""
    inside = [s for s in speech if s.start_ms < end and s.end_ms > start]
    if not inside:
        return start, end
    a, b = max(0, inside[0].start_ms - EDGE_MS), min(duration, inside[-1].end_ms + EDGE_MS)
    return (a, b) if LENGTHS_MS[0] <= b - a <= LENGTHS_MS[-1] else (start, end)


def _count(times: list[int], start: int, end: int) -> int:
    return bisect_left(times, end) - bisect_left(times, start)


def _share(flags: dict[int, bool], times: list[int]) -> list[int]:
    return [0, *accumulate(int(flags[ms]) for ms in times)]


def suggest(looked: Looked, shown: int = SHOWN) -> list[Suggestion]:
    """The best non-overlapping windows of the film, best first."""
    facing, shared = _facing(looked), _shared(looked)
    times = sorted(facing)
    towards_sum, shared_sum = _share(facing, times), _share(shared, times)
    turns, waits = _turns(looked.speech), _waits(looked.speech)
    scored = []
    for length in LENGTHS_MS:
        for start in range(0, max(1, looked.duration_ms - length + 1), STEP_MS):
            end = start + length
            i, j = bisect_left(times, start), bisect_left(times, end)
            towards = (towards_sum[j] - towards_sum[i]) / (j - i) if j > i else 0.0
            together = (shared_sum[j] - shared_sum[i]) / (j - i) if j > i else 0.0
            n_turns, n_waits = _count(turns, start, end), _count(waits, start, end)
            score = 1.0 * towards + 0.6 * together + 1.2 * min(n_turns, 3) / 3 + 0.6 * min(n_waits, 2) / 2
            if score >= 0.5 and (towards >= 0.5 or together >= 0.5 or n_turns or n_waits):
                scored.append((round(score, 3), -length, start, end, towards, together, n_turns, n_waits))
    chosen: list[Suggestion] = []
    for score, _, start, end, towards, together, n_turns, n_waits in sorted(scored, reverse=True):
        # A window found by its talk is fitted to the talk; one found by faces alone keeps its own edges.
        a, b = _snapped(start, end, looked.speech, looked.duration_ms) if n_turns or n_waits else (start, end)
        if all(b <= s.start_ms or a >= s.end_ms for s in chosen):
            chosen.append(Suggestion(a, b, score, _reason(towards, together, n_turns, n_waits)))
            if len(chosen) == shown:
                break
    return chosen


def open_suggestions(suggestions: list[Suggestion], clips: list[tuple[int, int]]) -> list[Suggestion]:
    """The suggestions not already covered by a clip (more than half of either inside the other)."""
    def covered(s: Suggestion) -> bool:
        return any(min(s.end_ms, b) - max(s.start_ms, a) > 0.5 * min(s.end_ms - s.start_ms, b - a)
                   for a, b in clips)
    return [s for s in suggestions if not covered(s)]
