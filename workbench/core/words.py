"""Durations, times and sizes as people read them: a leaf module of words and numbers that imports nothing of ours."""

from __future__ import annotations

from datetime import date


def seconds(ms: int) -> str:
    """A duration as people say it: 3.6 s, 4 min 5 s, 1 h 2 min."""
    if ms < 60_000:
        return f"{ms / 1000:.1f} s"
    minutes, secs = divmod(round(ms / 1000), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def size(num_bytes: int) -> str:
    """A file size as people read it: 320 KB, 82 MB, 1.4 GB."""
    if num_bytes < 1_000_000:
        return f"{max(1, round(num_bytes / 1000))} KB"
    if num_bytes < 1_000_000_000:
        return f"{num_bytes / 1_000_000:,.0f} MB"
    return f"{num_bytes / 1_000_000_000:.1f} GB"


def clock(ms: int) -> str:
    """Milliseconds as mm:ss.mmm, as the player shows them."""
    return f"{ms // 60000:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def short_clock(ms: int) -> str:
    """Milliseconds as m:ss.t, for a list where the full mm:ss.mmm would not fit."""
    tenths = (ms + 50) // 100
    return f"{tenths // 600}:{tenths // 10 % 60:02d}.{tenths % 10}"


def long_date(value: date | None) -> str:
    """A date as a letter writes it: "3 March 2026" ("not yet" for none)."""
    return f"{value.day} {value:%B %Y}" if value else "not yet"
