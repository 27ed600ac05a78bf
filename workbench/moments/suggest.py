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

from ..media.clips import on_frame
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
    number: int = 0  # its place among the film's suggestions, best first: S3 stays S3 when S2 becomes a clip

    @property
    def id(self) -> str:
        return f"s{self.start_ms}-{self.end_ms}"

    @property
    def label(self) -> str:
        return f"S{self.number}"


@dataclass(frozen=True)
class _Window:
    """A window's measures: the share of its pictures with faces towards each other or looking down together,
    and its turns and waits."""

    start: int
    end: int
    towards: float
    together: float
    turns: int
    waits: int


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


def _for(share: float, length_ms: int) -> str:
    """How long a signal lasts in its window, in the window's own seconds."""
    if share >= 0.95:
        return f"throughout its {_s(length_ms)} s"
    return f"for {_s(share * length_ms)} of its {_s(length_ms)} s"


def _s(ms: float) -> str:
    return f"{ms / 1000:.1f}".removesuffix(".0")


def _heard(speech: list[Speech], start: int, end: int) -> str:
    """Who is heard in a window with no turn: what a guider would listen for there."""
    voices = {s.voice for s in speech if s.start_ms < end and s.end_ms > start}
    if not voices:
        before = [s.end_ms for s in speech if s.end_ms <= start]
        if not before:
            return "in a quiet moment before anyone speaks"
        after = start - before[-1]
        return ("in a quiet moment just after the last words" if after < 1000
                else f"in a quiet moment, {_s(round(after, -3))} s after the last words")
    if voices == {HIGHER}:
        return "while the higher voice speaks"
    if voices == {DEEPER}:
        return "while the deeper voice speaks"
    return "while both voices are heard" if {DEEPER, HIGHER} <= voices else "while one voice speaks"


def _reason(window: _Window, speech: list[Speech]) -> str:
    """Why this window, in its own measures: how long each signal lasts in it, its turns, who is heard."""
    length = window.end - window.start
    parts = []
    if window.towards >= 0.5:
        parts.append(f"two faces towards each other {_for(window.towards, length)}")
    if window.together >= 0.5:
        parts.append(f"both looking down at the same thing {_for(window.together, length)}")
    if window.turns >= 2:
        parts.append(f"turn-taking ({window.turns} turns with short pauses)")
    elif window.turns == 1:
        parts.append("a reply after a short pause")
    if window.waits:
        times = f" ({window.waits} times)" if window.waits > 1 else ""
        parts.append(f"the deeper voice waits while the higher one speaks{times}")
    if not window.turns and not window.waits:
        parts.append(_heard(speech, window.start, window.end))
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


class _Signals:
    """The film's signals, summed once so any window's measures are a few look-ups."""

    def __init__(self, looked: Looked) -> None:
        facing, shared = _facing(looked), _shared(looked)
        self.times = sorted(facing)
        self.towards, self.shared = _share(facing, self.times), _share(shared, self.times)
        self.turns, self.waits = _turns(looked.speech), _waits(looked.speech)

    def window(self, start: int, end: int) -> _Window:
        i, j = bisect_left(self.times, start), bisect_left(self.times, end)
        towards = (self.towards[j] - self.towards[i]) / (j - i) if j > i else 0.0
        together = (self.shared[j] - self.shared[i]) / (j - i) if j > i else 0.0
        return _Window(start, end, towards, together, _count(self.turns, start, end), _count(self.waits, start, end))


def _score(w: _Window) -> float:
    return 1.0 * w.towards + 0.6 * w.together + 1.2 * min(w.turns, 3) / 3 + 0.6 * min(w.waits, 2) / 2


def suggest(looked: Looked, shown: int = SHOWN, fps: int = 0) -> list[Suggestion]:
    """The best non-overlapping windows of the film, best first, numbered S1, S2... in that order; given the review
    copy's ``fps``, their edges are on its frames, as a clip's are."""
    signals = _Signals(looked)
    scored = []
    for length in LENGTHS_MS:
        for start in range(0, max(1, looked.duration_ms - length + 1), STEP_MS):
            w = signals.window(start, start + length)
            score = _score(w)
            if score >= 0.5 and (w.towards >= 0.5 or w.together >= 0.5 or w.turns or w.waits):
                scored.append((round(score, 3), length, -start, w))
    chosen: list[Suggestion] = []
    for score, _, _, w in sorted(scored, key=lambda row: row[:3], reverse=True):  # ties: the longer, then the earlier
        # A window found by its talk is fitted to the talk; one found by faces alone keeps its own edges.
        a, b = _snapped(w.start, w.end, looked.speech, looked.duration_ms) if w.turns or w.waits else (w.start, w.end)
        if fps:
            a, b = on_frame(a, fps), min(looked.duration_ms, on_frame(b, fps))
        if all(b <= s.start_ms or a >= s.end_ms for s in chosen):
            reason = _reason(signals.window(a, b), looked.speech)
            chosen.append(Suggestion(a, b, score, reason, len(chosen) + 1))
            if len(chosen) == shown:
                break
    return chosen


def open_suggestions(suggestions: list[Suggestion], clips: list[tuple[int, int]]) -> list[Suggestion]:
    """The suggestions not already covered by a clip (more than half of either inside the other)."""
    def covered(s: Suggestion) -> bool:
        return any(min(s.end_ms, b) - max(s.start_ms, a) > 0.5 * min(s.end_ms - s.start_ms, b - a)
                   for a, b in clips)
    return [s for s in suggestions if not covered(s)]
