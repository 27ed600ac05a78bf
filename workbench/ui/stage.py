"""The clip on a shared screen: a component that plays a ``Scene``, for the one-screen, presenter and audience views.

A ``st.components.v2`` component: it loops the clip from its lead-in, holds the
still and zooms into the spotlight in the browser, so nothing waits on a rerun.
The audience view polls a checked link (``media.stage_url``) for each new scene;
the presenter view reports a rectangle dragged on the picture (``spotlight``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import streamlit as st

from workbench.cycle.stage import Scene

ASSETS = Path(__file__).parent / "assets"
_component = st.components.v2.component(
    "vig_stage", html=(ASSETS / "stage.html").read_text(encoding="utf-8"),
    css=(ASSETS / "stage.css").read_text(encoding="utf-8"), js=(ASSETS / "stage.js").read_text(encoding="utf-8"))


def stage(scene: Scene, *, src: str, ratio: float, mode: Literal["one", "presenter", "audience"], poll: str = "",
          key: str) -> Any:
    """Mount the clip; on the presenter view the result's ``spotlight`` is set on the run a rectangle is drawn,
    on the audience view ``ended`` when its poll is refused."""
    return _component(data={"scene": scene.data(), "src": src, "ratio": round(ratio, 4), "mode": mode,
                            "poll": poll},
                      key=key, on_spotlight_change=lambda: None, on_ended_change=lambda: None)
