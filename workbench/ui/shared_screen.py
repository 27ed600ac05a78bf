"""The carer's shared screen: one chosen clip at a time, large and looping, with the prompts beside it."""

from __future__ import annotations

from html import escape
from pathlib import Path

import streamlit as st
from streamlit_player import st_player

from workbench import clips as cuts
from workbench import review
from workbench import shared_screen as shared_screen_state
from workbench.audit import AuditEvent
from workbench.errors import WorkbenchError
from workbench.films import ready_film
from workbench.model import Family
from workbench.settings import load_settings

from .media import media_url
from .state import current_account, leave_shared_screen, store
from .widgets import audit, plain, problem, save

SPEEDS = {"Normal speed": 1.0, "Slow": 0.5, "Very slow": 0.25, "Still": 0.0}
CSS = Path(__file__).parent / "assets" / "shared_screen.css"


def clip_media(family: Family, cycle_number: int, clip) -> tuple[str, str]:
    film = ready_film(store(), family, cycle_number)
    exported = cuts.export(film, clip.start_ms, clip.end_ms)
    still = cuts.still(film, clip.still_at_ms)
    return media_url(exported), media_url(still)


def shared_screen(family: Family, cycle_number: int) -> None:
    """One chosen clip at a time, large and looping, with the prompts beside it. Nothing private shows."""
    st.html(CSS)
    shown = review.review_clips(family, cycle_number)
    if not shown:
        st.markdown('<p class="vig-caption">There are no clips to look at together yet.</p>', unsafe_allow_html=True)
        _leave(family)
        return
    index = min(st.session_state.get("shared_index", 0), len(shown) - 1)
    clip = shown[index]
    child = family.child.name
    demo = "DEMO · " if family.is_demo else ""
    st.markdown(f'<p class="vig-where">{demo}Moments with {escape(child)} · clip {index + 1} of {len(shown)}</p>',
                unsafe_allow_html=True)
    film_col, words_col = st.columns([3, 2], gap="large")
    with film_col:
        try:
            video_url, still_url = clip_media(family, cycle_number, clip)
        except WorkbenchError as error:
            problem(error.message)
            _leave(family)
            return
        speed = st.segmented_control("How to watch", list(SPEEDS), default="Normal speed",
                                     key=f"speed_{clip.id}", label_visibility="collapsed") or "Normal speed"
        if SPEEDS[speed]:
            # streamlit-player stalls at rate 0 unless a rate is given, so it is always given.
            st_player(video_url, playing=True, loop=True, controls=True, playback_rate=SPEEDS[speed],
                      height=560, key=f"shared_player_{clip.id}")
        else:
            st.html(f'<img src="{still_url}" alt="A still from the clip" '
                    'style="width:100%;max-height:560px;object-fit:contain;border-radius:10px;background:#111">')
        st.markdown(f'<p class="vig-caption">{escape(review.caption(clip, child))}</p>', unsafe_allow_html=True)
        back_col, next_col = st.columns(2)
        if back_col.button("Previous", icon=":material/arrow_back:", disabled=index == 0, width="stretch"):
            st.session_state["shared_index"] = index - 1
            st.rerun()
        if next_col.button("Next", icon=":material/arrow_forward:", disabled=index == len(shown) - 1,
                           width="stretch"):
            st.session_state["shared_index"] = index + 1
            st.rerun()
    with words_col:
        said = review.answers(family.cycle(cycle_number), clip.id)
        for n, prompt in enumerate(load_settings(store().root).prompts):
            st.text_area(plain(prompt), value=said.get(prompt, ""), height=140, max_chars=5000,
                         key=f"said_{clip.id}_{n}", on_change=_keep_words,
                         args=(cycle_number, clip.id, prompt, f"said_{clip.id}_{n}"))
    _leave(family)


def _keep_words(cycle_number: int, clip_id: str, prompt: str, key: str) -> None:
    text = st.session_state[key]
    save(lambda f: review.reflect(f, cycle_number, clip_id, prompt, text))


def _leave(family: Family) -> None:
    # A text box and a button, not a form: a form's submit was seen to send nothing on a heavily loaded
    # machine. A wrong PIN gets a fresh, empty box (a new key), so it is never left on the carer's screen.
    attempt = st.session_state.get("pin_attempt", 0)
    with st.expander("For the guider", icon=":material/lock:", expanded="pin_problem" in st.session_state):
        if said := st.session_state.pop("pin_problem", None):
            st.error(said, icon=":material/error:")
        pin = st.text_input("PIN to leave the shared screen", type="password", max_chars=12, key=f"pin_{attempt}")
        if st.button("Leave"):
            leaving = shared_screen_state.leave(current_account().username, pin)
            if leaving.left:
                leave_shared_screen(family.code)
            audit(AuditEvent.WRONG_PIN, family.code)
            st.session_state["pin_attempt"] = attempt + 1
            wait = f" Please wait {leaving.wait_s} seconds before trying again." if leaving.wait_s else ""
            st.session_state["pin_problem"] = "That PIN is not right." + wait
            st.rerun()
