"""A training copy's player that knows whether the copy was watched whole, every second of it, before download.

A ``st.components.v2`` component: ``watched`` turns true once the browser has played the copy from its first
second to its last (seeking over a part does not count; playing faster than twice speed is slowed to it).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).parent / "assets"
_component = st.components.v2.component(
    "vig_watch_whole", html=(ASSETS / "watch.html").read_text(encoding="utf-8"),
    css=(ASSETS / "watch.css").read_text(encoding="utf-8"), js=(ASSETS / "watch.js").read_text(encoding="utf-8"))


def watched_whole(src: str, label: str, *, key: str) -> bool:
    """Mount the player; True once every second of the copy has been played in this browser."""
    result = _component(data={"src": src, "label": label}, key=key, default={"watched": False},
                        on_watched_change=lambda: None)
    return bool(result.watched)
