"""The carer's screen of a two-screen shared review: the clip filling the screen, following the presenter view.

It shows only the clip, its strength-based caption and the carer's own earlier
words when the guider chooses them; no menu, no note, nothing of other families.
It follows the guider's cue by polling a checked link, so it never waits on a
rerun; when that link is refused (the review ended), the router closes it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench import stage as stages
from workbench.errors import WorkbenchError
from workbench.model import Family
from workbench.settings import load_settings

from .media import stage_url
from .shared_screen import film_of, guider_exit
from .stage import stage
from .state import current_account, store
from .widgets import problem

CSS = Path(__file__).parent / "assets" / "audience.css"


def audience(family: Family, cycle_number: int, review: str) -> None:
    st.html(CSS)
    cue = stages.cue(current_account().username, family.code, cycle_number)
    scene = stages.scene(family, cue, load_settings(store().root).lead_in_s)
    if scene is None:
        st.markdown('<p class="vig-caption">There are no clips to look at together yet.</p>', unsafe_allow_html=True)
    else:
        try:
            src, ratio = film_of(family, cycle_number, scene)
        except WorkbenchError as error:
            problem(error.message)
        else:
            ended = stage(scene, src=src, ratio=ratio, mode="audience", poll=stage_url(review), key="audience_stage")
            if ended.ended:
                st.rerun()  # the router now finds no review for this window, and closes it
    guider_exit(family.code, audience=True)
