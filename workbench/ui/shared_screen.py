"""The carer's shared screen on one screen: the clip large and looping, a quiet strip of prompts beside it."""

from __future__ import annotations

from html import escape
from pathlib import Path

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.core.settings import load_settings
from workbench.cycle import review
from workbench.cycle import shared_screen as shared_screen_state
from workbench.cycle import stage as stages
from workbench.cycle.films import ready_film
from workbench.model import Family
from workbench.trust.access import check_view
from workbench.trust.audit import AuditEvent

from .media import media_url
from .stage import stage
from .state import AUDIENCE, current_account, leave_shared_screen, session_id, store
from .widgets import audit, note_view, plain, save

SPEEDS = {"Normal": 1.0, "Slow": 0.5, "Very slow": 0.25, "Still": 0.0}
CSS = Path(__file__).parent / "assets" / "shared_screen.css"


def film_of(family: Family, cycle_number: int, scene: stages.Scene) -> tuple[str, float]:
    """The clip for the stage (cut from its lead-in to its end): its checked link, and its shape."""
    film = ready_film(store(), family, cycle_number)
    return media_url(stages.cut(store(), family, cycle_number, scene)), film.proxy.width / film.proxy.height


def on_stage(family: Family, cycle_number: int, *, audience: bool = False
             ) -> tuple[stages.Cue, stages.Scene, str, float] | None:
    """The guider's cue, its scene, and the clip's link and shape; or None, having said why and drawn the PIN."""
    cue = stages.cue(current_account().username, family.code, cycle_number)
    scene = stages.scene(family, cue, load_settings(store().root).lead_in_s)
    try:
        if scene is None:
            raise WorkbenchError("There are no clips chosen for this shared review yet.")
        src, ratio = film_of(family, cycle_number, scene)
    except WorkbenchError as error:
        st.markdown(f'<p class="vig-caption">{escape(error.message)}</p>', unsafe_allow_html=True)
        guider_exit(family.code, audience=audience)
        return None
    return cue, scene, src, ratio


def family_on_screen(lock, *, audience: bool = False) -> Family:
    """The family a shared review shows; if it is gone (erased, say), why, and only the PIN's way out."""
    try:
        family = store().load(lock.family)
        check_view(current_account(), family)
    except WorkbenchError:
        st.info("This shared review cannot go on: the family's records are no longer open to you.",
                icon=":material/info:")
        guider_exit(lock.family, audience=audience)
        st.stop()
    note_view(family.code)
    return family


def shared_screen(family: Family, cycle_number: int) -> None:
    """One chosen clip at a time, large and looping, with the prompts beside it. Nothing private shows."""
    st.html(CSS)
    shown = on_stage(family, cycle_number)
    if shown is None:
        return
    cue, scene, src, ratio = shown
    film_col, side_col = st.columns([41, 11], gap="medium")
    with film_col:
        stage(scene, src=src, ratio=ratio, mode="one", key="one_screen_stage")
        # Under the clip, where a carer's eyes already are, and large enough to read from the sofa.
        st.markdown(f'<p class="vig-where">{escape(scene.where)}</p>'
                    f'<p class="vig-caption">{escape(scene.caption)}</p>', unsafe_allow_html=True)
    with side_col:
        watch_controls(family, cycle_number, cue)
        carer_words(family, cycle_number, scene.clip_id)
        guider_exit(family.code)


def watch_controls(family: Family, cycle_number: int, cue: stages.Cue) -> None:
    """Speed or still, and the previous or next clip: each changes the guider's cue, which every screen follows."""
    username = current_account().username
    shown = review.review_clips(family, cycle_number)
    index, _ = stages.current_clip(family, cue)
    now = "Still" if cue.still else next(k for k, v in SPEEDS.items() if v == cue.rate)
    chosen = st.segmented_control("How to watch", list(SPEEDS), default=now, key=f"speed_{cue.version}",
                                  label_visibility="collapsed")
    if chosen and chosen != now:
        still = chosen == "Still"
        stages.change(username, family.code, cycle_number, still=still,
                      **({} if still else {"rate": SPEEDS[chosen], "playing": True}))
        st.rerun()
    back_col, next_col = st.columns(2)
    for column, label, icon, step in ((back_col, "Previous", ":material/arrow_back:", -1),
                                      (next_col, "Next", ":material/arrow_forward:", 1)):
        target = index + step
        if column.button(label, icon=icon, disabled=not 0 <= target < len(shown), width="stretch",
                         key=f"step_{label}"):
            stages.change(username, family.code, cycle_number, clip_id=shown[target].id)
            st.rerun()


def carer_words(family: Family, cycle_number: int, clip_id: str, *, every_prompt: bool = False) -> None:
    """The prompts as a quiet strip; only the one being answered opens a box (``every_prompt``: a box each)."""
    said = review.answers(family.cycle(cycle_number), clip_id)
    prompts = load_settings(store().root).prompts
    if every_prompt:
        shown = prompts
    else:
        # The option is the prompt itself, so a tick appearing on an answered one keeps its box open.
        picked = st.pills("What the carer says", prompts, key=f"prompt_{clip_id}", label_visibility="collapsed",
                          format_func=lambda p: f"{'✓ ' if said.get(p) else ''}{plain(p)}")
        shown = [picked] if picked else []
    for prompt in shown:
        key = f"said_{clip_id}_{prompts.index(prompt)}"
        st.text_area(plain(prompt), value=said.get(prompt, ""), height=110 if every_prompt else 120, max_chars=5000,
                     key=key, on_change=_keep_words, label_visibility="visible" if every_prompt else "collapsed",
                     placeholder="The carer's words", args=(cycle_number, clip_id, prompt, key))


def _keep_words(cycle_number: int, clip_id: str, prompt: str, key: str) -> None:
    text = st.session_state[key]
    save(lambda f: review.reflect(f, cycle_number, clip_id, prompt, text))


def guider_exit(code: str, *, audience: bool = False) -> None:
    """Leaving needs the guider's PIN. The carer's screen of a two-screen review offers only the way to make
    it the presenter view again (after the laptop's window was reloaded): leaving is done from the laptop."""
    # A text box and a button, not a form: a form's submit was seen to send nothing on a heavily loaded
    # machine. A wrong PIN gets a fresh, empty box (a new key), so it is never left on the carer's screen.
    attempt = st.session_state.get("pin_attempt", 0)
    username = current_account().username
    with st.expander("For the guider", icon=":material/lock:", expanded="pin_problem" in st.session_state):
        if said := st.session_state.pop("pin_problem", None):
            st.error(said, icon=":material/error:")
        label = "PIN to use this window for your notes" if audience else "PIN to leave the shared screen"
        pin = st.text_input(label, type="password", max_chars=12, key=f"pin_{attempt}")
        if audience:
            if st.button("Use this window for my notes"):
                claimed = shared_screen_state.claim_presenter(username, session_id(), pin)
                if claimed.left:
                    st.session_state.pop(AUDIENCE, None)
                    st.rerun()
                _refused(code, attempt, claimed.wait_s)
        elif st.button("Leave"):
            leaving = shared_screen_state.leave(username, pin)
            if leaving.left:
                stages.clear(username)
                leave_shared_screen(code)
            _refused(code, attempt, leaving.wait_s)


def _refused(code: str, attempt: int, wait_s: int) -> None:
    audit(AuditEvent.WRONG_PIN, code)
    st.session_state["pin_attempt"] = attempt + 1
    wait = f" Please wait {wait_s} seconds before trying again." if wait_s else ""
    st.session_state["pin_problem"] = "That PIN is not right." + wait
    st.rerun()
