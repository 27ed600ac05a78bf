"""How far two people's coding of the same film agrees: Cohen's kappa per Principle over time bins, and overlap.

In supervision the guider and the supervisor each mark and tag moments of the
guider's own shared-review film. Each coding is turned into a yes/no per
Principle for every bin of the film (1 s by default): a bin is "yes" when a
clip of that coding covers at least half of it and carries a tag of that
Principle. Cohen's kappa is then the agreement beyond chance. It is written out
here (a dozen lines) rather than taken from scikit-learn, which would be that
large dependency's only use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.principles import principle_of, principles
from ..model import Clip

DEFAULT_BIN_MS = 1000


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """Cohen's kappa of two equally long yes/no codings; None where it is undefined (no variation at all)."""
    if len(first) != len(second):
        raise ValueError("both codings must cover the same bins")
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    yes_first, yes_second = sum(first) / n, sum(second) / n
    chance = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
    if chance == 1:
        return None  # both said the same one thing throughout: agreement by chance alone, kappa is 0/0
    return (observed - chance) / (1 - chance)


def bins(clips: Sequence[Clip], principle: str, duration_ms: int, bin_ms: int = DEFAULT_BIN_MS) -> list[bool]:
    """For each bin of the film, whether a clip tagged with ``principle`` covers at least half of it."""
    if bin_ms <= 0:
        raise ValueError("a bin must last some time")
    tagged = _merged([c for c in clips if any(principle_of(t) == principle for t in c.tags)])
    coded = []
    for start in range(0, max(0, duration_ms), bin_ms):
        end = min(start + bin_ms, duration_ms)
        covered = sum(max(0, min(end, span_end) - max(start, span_start)) for span_start, span_end in tagged)
        coded.append(covered * 2 >= end - start)
    return coded


@dataclass(frozen=True)
class PrincipleAgreement:
    principle: str  # its id
    number: int
    label: str
    kappa: float | None
    bins_first: int  # bins the first coder marked with it
    bins_second: int


@dataclass(frozen=True)
class Agreement:
    principles: tuple[PrincipleAgreement, ...]
    overlap: float | None  # the time both chose, over the time either chose (None: neither chose any)
    bin_ms: int
    steps: int = 0  # how many bins the film has

    def words(self, row: PrincipleAgreement) -> str:
        """A Principle's agreement in words, including the one case kappa cannot say: both, all the way."""
        if row.kappa is None and self.steps and row.bins_first == row.bins_second == self.steps:
            return "full: both marked it throughout"
        return strength(row.kappa)


def _merged(clips: Sequence[Clip]) -> list[list[int]]:
    """The film time inside these clips as separate spans: a stretch two clips share counts once."""
    merged: list[list[int]] = []
    for clip in sorted(clips, key=lambda c: c.start_ms):
        if merged and clip.start_ms <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], clip.end_ms)
        else:
            merged.append([clip.start_ms, clip.end_ms])
    return merged


def overlap(first: Sequence[Clip], second: Sequence[Clip]) -> float | None:
    """The film time inside clips of both codings, over the time inside clips of either (0 to 1)."""
    a, b = _merged(first), _merged(second)
    both = sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)
    either = sum(end - start for start, end in a + b) - both
    return None if either == 0 else both / either


def agreement(first: Sequence[Clip], second: Sequence[Clip], duration_ms: int,
              bin_ms: int = DEFAULT_BIN_MS) -> Agreement:
    """Kappa per Principle, and the overlap of the moments chosen, between two codings of one film."""
    rows = []
    for p in principles():
        one, two = bins(first, p.id, duration_ms, bin_ms), bins(second, p.id, duration_ms, bin_ms)
        rows.append(PrincipleAgreement(p.id, p.number, p.label, cohen_kappa(one, two), sum(one), sum(two)))
    return Agreement(tuple(rows), overlap(first, second), bin_ms, -(-max(0, duration_ms) // bin_ms))


def strength(kappa: float | None) -> str:
    """Kappa in words, on Landis and Koch's scale (1977), the one VIG supervisors and most papers use."""
    if kappa is None:
        return "nothing to compare: neither coder marked it"
    if kappa < 0:
        return "less than chance"
    if kappa == 0:
        return "none beyond chance"
    for upper, words in ((0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= upper:
            return words
    return "almost perfect"
