"""The micro-analysis player: a real <video> with frame stepping, speeds, in/out marks and a filmstrip.

A ``st.components.v2`` component, because ``st.video`` cannot tell Python where
it is. Marks go to Python as whole milliseconds of the video's ``currentTime``
(trigger values ``mark_in``, ``mark_out`` and ``save``); so do the chosen clip's
edges, set to the play position or dragged on the filmstrip (``edge``), a
clip picked on the strip (``pick``), and a suggestion taken as a clip
(``take``). Python can move the player with ``seek`` (a time and a nonce, so
the same time can be asked twice).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import streamlit as st

ASSETS = Path(__file__).parent / "assets"
_component = st.components.v2.component(
    "vig_analysis_player", html=(ASSETS / "player.html").read_text(encoding="utf-8"),
    css=(ASSETS / "player.css").read_text(encoding="utf-8"), js=(ASSETS / "player.js").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class PlayerSuggestion:
    id: str
    start: int
    end: int
    label: str
    name: str  # S3: kept when another suggestion becomes a clip


@dataclass(frozen=True)
class PlayerClip:
    id: str
    start: int
    end: int
    label: str
    chosen: bool
    lead: int = 0  # ms of lead-in the shared review plays before it


def analysis_player(*, src: str, fps: int, duration_ms: int, aspect: float, marks: dict[str, Any],
                    clips: list[PlayerClip], selected: str | None, thumbs: list[str], every_ms: int,
                    seek: dict[str, Any] | None, key: str, refused: int = 0,
                    suggestions: list[PlayerSuggestion] | None = None, marking: bool = True) -> Any:
    """Mount the player; the result's ``mark_in``, ``mark_out``, ``save``, ``edge`` and ``pick`` are set on the
    run they happen.

    ``marks`` is ``{"in": ms, "out": ms, "version": n}``: the player adopts them only when ``version`` changes.
    ``thumbs`` are the filmstrip's picture addresses, one every ``every_ms``; ``aspect`` is the film's width over
    its height, so each picture is shown whole. ``refused`` counts edge moves Python turned down: when it
    changes, the player puts the grips back on the stored times. ``suggestions`` are drawn as dashed bands;
    S at a suggestion (or its button) sets ``take`` to its id. Without ``marking`` the film is only watched:
    no Mark in, Mark out or Save clip, and their keys do nothing.
    """
    return _component(
        data={"src": src, "fps": fps, "duration_ms": duration_ms, "aspect": round(aspect, 4), "marks": marks,
              "clips": [asdict(c) for c in clips], "selected": selected, "thumbs": thumbs, "every_ms": every_ms,
              "seek": seek, "refused": refused, "suggestions": [asdict(s) for s in suggestions or []],
              "marking": marking},
        key=key,
        on_mark_in_change=lambda: None, on_mark_out_change=lambda: None, on_save_change=lambda: None,
        on_edge_change=lambda: None, on_pick_change=lambda: None, on_take_change=lambda: None,
        on_gone_change=lambda: None,  # the film it played was replaced: the run this starts gives the new one
    )
