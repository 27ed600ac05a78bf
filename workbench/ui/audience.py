"""The carer's screen of a two-screen shared review: the clip filling the screen, following the presenter view.

It shows only the clip, its strength-based caption and the carer's own earlier
words when the guider chooses them; no menu, no note, nothing of other families.
It follows the guider's cue by polling a checked link, so it never waits on a
rerun; when that link is refused (the review ended), the router closes it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.model import Family

from .media import stage_url
from .shared_screen import guider_exit, on_stage
from .stage import stage

CSS = Path(__file__).parent / "assets" / "audience.css"
ENDED_HTML = Path(__file__).parent / "assets" / "review_ended.html"
LOCKED_HTML = Path(__file__).parent / "assets" / "screen_locked.html"
GUIDER_SIGNING_IN = "_guider_signing_in"
ENDED = "_review_ended"  # this session was a carer's screen whose review has ended: it shows only the end


def mark_review_ended() -> None:
    """This session (just signed out) was a carer's screen whose review has ended."""
    st.session_state[ENDED] = True


def end_of_review() -> None:
    """What a carer's screen shows once its review has ended, until the window is closed: thanks, on the dark
    ground, and nothing to sign in to (a reload is a new session, and gets the sign-in page as any would)."""
    st.html(CSS)
    st.html(ENDED_HTML)
    st.stop()


def locked_screen() -> None:
    """A shared screen reloaded, so signed out: calm words on the dark ground rather than the guider's sign-in
    form, and a quiet button the guider uses to sign in and carry on (the review opens again after it)."""
    if st.session_state.get(GUIDER_SIGNING_IN):
        return
    st.html(CSS)
    st.html(LOCKED_HTML)
    if st.button("Guider: sign in to carry on", type="tertiary", key="guider_sign_in"):
        st.session_state[GUIDER_SIGNING_IN] = True
        st.rerun()
    st.stop()


def review_ended() -> bool:
    return bool(st.session_state.get(ENDED))


def audience(family: Family, cycle_number: int, review: str) -> None:
    st.html(CSS)
    shown = on_stage(family, cycle_number, audience=True)
    if shown is None:
        return
    _, scene, src, ratio = shown
    ended = stage(scene, src=src, ratio=ratio, mode="audience", poll=stage_url(review), key="audience_stage")
    if ended.ended:
        st.rerun()  # the router now finds no review for this window, and closes it
    guider_exit(family.code, audience=True)
