"""Which clip of a cycle is open on the Micro-analysis step, and where its player should go: kept per session."""

from __future__ import annotations

import time

import streamlit as st

from workbench.model import Family


def focus_keys(family: Family, cycle_number: int) -> dict[str, str]:
    """The session keys of one cycle's marks, open clip, seek request, undo and refusal."""
    base = f"{family.code}_{cycle_number}"
    return {"marks": f"marks_{base}", "selected": f"selected_{base}", "seek": f"seek_{base}", "undo": f"undo_{base}",
            "refused": f"refused_{base}"}


def seek_to(family: Family, cycle_number: int, ms: int) -> None:
    st.session_state[focus_keys(family, cycle_number)["seek"]] = {"ms": ms, "nonce": time.monotonic_ns()}


def select(family: Family, cycle_number: int, clip_id: str | None) -> None:
    st.session_state[focus_keys(family, cycle_number)["selected"]] = clip_id


def selected_clip(family: Family, cycle_number: int):
    wanted = st.session_state.get(focus_keys(family, cycle_number)["selected"])
    return next((c for c in family.cycle(cycle_number).clips if c.id == wanted), None)
