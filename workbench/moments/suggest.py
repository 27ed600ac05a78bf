"""Suggested moments: windows of 2–8 s scored by what VIG guiders look for, each with its reason in words.

The signals, from the analysis pass:
- two faces turned towards each other (both frontal, or profiles facing);
- a smile soon after someone spoke or the faces turned towards each other;
- turn-taking: speech, a short pause, the other voice, and again;
- the deeper voice (usually the adult's) pausing while the higher one speaks: waiting, receiving an initiative.
  The words shown say only "deeper" and "higher": who is who is for the guider to see.
These are only suggestions: nothing is ever tagged by them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .faces import FRONTAL, LOOKS_LEFT, LOOKS_RIGHT
from .look import Looked
from .voices import DEEPER, HIGHER, ONE, Speech

LENGTHS_MS = (2000, 4000, 6000, 8000)
STEP_MS = 1000
PAUSE_MS = (100, 2000)  # a pause between two turns: long enough to be one, short enough to be a reply
SOON_MS = 2000
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
    """For each picture, whether two faces are turned towards each other."""
    seen: dict[int, bool] = {}
    for ms, faces in looked.pictures:
        ordered = sorted(faces, key=lambda s: s.x + s.w / 2)
        seen[ms] = any(a.looks in (FRONTAL, LOOKS_RIGHT) and b.looks in (FRONTAL, LOOKS_LEFT)
                       for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return seen


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


def _reason(facing: float, turns: int, waits: int, smile: bool) -> str:
    parts = []
    if facing >= 0.5:
        parts.append("two faces towards each other")
    if turns >= 2:
        parts.append(f"turn-taking ({turns} turns with short pauses)")
    elif turns == 1:
        parts.append("a reply after a short pause")
    if waits:
        parts.append("the deeper voice waits while the higher one speaks")
    text = ", ".join(parts)
    if smile:
        text = f"{text}, then a smile" if text else "a smile just after someone spoke"
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


def suggest(looked: Looked, shown: int = SHOWN) -> list[Suggestion]:
    """The best non-overlapping windows of the film, best first."""
    facing = _facing(looked)
    times = sorted(facing)
    towards_sum = [0, *accumulate(int(facing[ms]) for ms in times)]
    turns, waits = _turns(looked.speech), _waits(looked.speech)
    turned = [ms for n, ms in enumerate(times) if facing[ms] and not (n and facing[times[n - 1]])]
    cues = sorted([s.end_ms for s in looked.speech] + turned)  # speech ending, or faces turning towards each other
    # A smile soon after a cue, picture by picture, summed so each window asks in one step.
    smiled = [any(s.smile for s in faces) and 0 < bisect_right(cues, ms) - bisect_left(cues, ms - SOON_MS)
              for ms, faces in sorted(looked.pictures, key=lambda p: p[0])]
    smile_sum = [0, *accumulate(int(v) for v in smiled)]
    scored = []
    for length in LENGTHS_MS:
        for start in range(0, max(1, looked.duration_ms - length + 1), STEP_MS):
            end = start + length
            i, j = bisect_left(times, start), bisect_left(times, end)
            towards = (towards_sum[j] - towards_sum[i]) / (j - i) if j > i else 0.0
            n_turns, n_waits = _count(turns, start, end), _count(waits, start, end)
            smile = smile_sum[j] - smile_sum[i] > 0
            score = 1.0 * towards + 1.2 * min(n_turns, 3) / 3 + 0.6 * min(n_waits, 2) / 2 + 0.3 * smile
            if score >= 0.5 and (towards >= 0.5 or n_turns or n_waits):
                scored.append((round(score, 3), -length, start, end, towards, n_turns, n_waits, smile))
    chosen: list[Suggestion] = []
    for score, _, start, end, towards, n_turns, n_waits, smile in sorted(scored, reverse=True):
        # A window found by its talk is fitted to the talk; one found by faces alone keeps its own edges.
        a, b = _snapped(start, end, looked.speech, looked.duration_ms) if n_turns or n_waits else (start, end)
        if all(b <= s.start_ms or a >= s.end_ms for s in chosen):
            chosen.append(Suggestion(a, b, score, _reason(towards, n_turns, n_waits, smile)))
            if len(chosen) == shown:
                break
    return chosen


def open_suggestions(suggestions: list[Suggestion], clips: list[tuple[int, int]]) -> list[Suggestion]:
    """The suggestions not already covered by a clip (more than half of either inside the other)."""
    def covered(s: Suggestion) -> bool:
        return any(min(s.end_ms, b) - max(s.start_ms, a) > 0.5 * min(s.end_ms - s.start_ms, b - a)
                   for a, b in clips)
    return [s for s in suggestions if not covered(s)]
