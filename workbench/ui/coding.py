"""The Supervision film page's panels: one's own coding on the player, and the comparison once both are ready."""

from __future__ import annotations

import time

import streamlit as st

from workbench.core.principles import principle_numbers
from workbench.core.settings import load_settings
from workbench.core.words import clock, short_clock
from workbench.cycle.charts import coding_timeline_spec
from workbench.cycle.films import REVIEW_FILM, ReadyFilm, ready_film
from workbench.model import Family
from workbench.supervision import coding
from workbench.trust.accounts import Account, load_accounts

from .analysis import tag_groups
from .media import media_url, media_urls
from .player import PlayerClip, analysis_player
from .state import store
from .widgets import attempt


def _names() -> dict[str, str]:
    return {name: a.display_name for name, a in load_accounts().items()}


def _state(family: Family, cycle_number: int, account: Account) -> dict:
    key = f"coding_{family.code}_{cycle_number}_{account.username}"
    return st.session_state.setdefault(key, {"marks": {"in": None, "out": None, "version": 0}, "selected": None,
                                             "seek": None})


def _done(message: str, action) -> None:
    if attempt(action, message):
        st.rerun()


def coding_panel(family: Family, cycle_number: int, account: Account) -> None:
    """The review film in the micro-analysis player, with one's own layer on it; fixed once it is ready."""
    layer = coding.own_layer(family, cycle_number, account)
    film: ReadyFilm = ready_film(store(), family, cycle_number, REVIEW_FILM)
    state = _state(family, cycle_number, account)
    selected = next((c for c in layer.clips if c.id == state["selected"]), None)
    code, proxy = family.code, film.proxy
    player_col, list_col = st.columns([5, 3], gap="medium")
    with player_col:
        result = analysis_player(
            src=media_url(film.files.proxy), fps=proxy.fps, duration_ms=proxy.duration_ms,
            aspect=proxy.width / proxy.height, marks=state["marks"],
            clips=[PlayerClip(c.id, c.start_ms, c.end_ms, principle_numbers(c.tags) or "not tagged", c.tags != [])
                   for c in layer.clips],
            selected=selected.id if selected and not layer.ready else None,
            thumbs=media_urls([film.files.thumbnail(i) for i in range(proxy.thumbnails)]),
            every_ms=proxy.thumbnail_every_ms, seek=state["seek"], key=f"coding_player_{code}_{cycle_number}",
            marking=not layer.ready)
    if result.mark_in is not None:
        state["marks"]["in"] = int(result.mark_in)
    if result.mark_out is not None:
        state["marks"]["out"] = int(result.mark_out)
    if result.save is not None and not layer.ready:
        made = attempt(lambda: coding.add(store(), code, account, cycle_number, result.save.get("start_ms"),
                                          result.save.get("end_ms")), "Moment saved")
        if made:
            state["marks"] = {"in": None, "out": None, "version": state["marks"]["version"] + 1}
            state["selected"] = made.result.id
            st.rerun()
    edge = result.edge if isinstance(result.edge, dict) else {}
    if selected is not None and edge.get("id") == selected.id and edge.get("edge") in ("start", "end"):
        try:
            ms = int(edge.get("ms"))
        except (TypeError, ValueError, OverflowError):
            ms = -1
        if 0 <= ms <= 10**9:
            _done("Moment moved", lambda: coding.move_edge(store(), code, account, cycle_number, selected.id,
                                                           edge["edge"], ms))
    picked = result.pick.get("id") if isinstance(result.pick, dict) else None
    if picked is not None and any(c.id == picked for c in layer.clips):
        state["selected"] = picked
        state["seek"] = {"ms": next(c.start_ms for c in layer.clips if c.id == picked), "nonce": time.monotonic_ns()}
        st.rerun()
    with list_col:
        _own_list(family, cycle_number, account, layer, selected)


def _own_list(family: Family, cycle_number: int, account: Account, layer, selected) -> None:
    st.header(f"Your coding ({len(layer.clips)})", anchor=False)
    others = coding.others_ready(family, cycle_number, account)
    names = _names()
    st.caption(("Ready to compare: it is fixed now." if layer.ready else
                "Only you see it until you both say you are ready.")
               + (f" Ready too: {', '.join(names.get(o, o) for o in others)}." if others else ""))
    if not layer.clips:
        st.info("Play the film, press I at the start of a moment, O at its end, then Enter.", icon=":material/movie:")
        return
    for clip in layer.clips:
        tagged = principle_numbers(clip.tags) or "untagged"
        label = f"{short_clock(clip.start_ms)}–{short_clock(clip.end_ms)} · {tagged}"
        if st.button(label, key=f"pick_{clip.id}", width="stretch",
                     type="primary" if selected is not None and clip.id == selected.id else "secondary"):
            _state(family, cycle_number, account)["selected"] = clip.id
            st.rerun()
    if not layer.ready:
        if st.button("Ready to compare…", icon=":material/done_all:", width="stretch"):
            _confirm_ready(family.code, cycle_number, account)


@st.dialog("Ready to compare?")
def _confirm_ready(code: str, cycle_number: int, account: Account) -> None:
    st.write("Your coding will be fixed: no more moments, tags or edges. You see the other coding once they are "
             "ready too.")
    if st.button("Yes, it is ready", type="primary"):
        _done("Coding marked ready", lambda: coding.mark_ready(store(), code, account, cycle_number))


def moment_editor(family: Family, cycle_number: int, account: Account) -> None:
    """The chosen moment of one's own coding: its time, its Principles as chips, and Delete."""
    layer = coding.own_layer(family, cycle_number, account)
    clip = next((c for c in layer.clips if c.id == _state(family, cycle_number, account)["selected"]), None)
    if clip is None or layer.ready:
        return
    st.header(f"Moment {clock(clip.start_ms)}–{clock(clip.end_ms)}", anchor=False)
    added, removed = tag_groups(family, clip.tags, f"coding_{clip.id}")
    if added or removed:
        tags = [t for t in clip.tags if t not in removed] + [t for t in added if t not in clip.tags]
        _done("Tags saved", lambda: coding.tag(store(), family.code, account, cycle_number, clip.id, tags))
    if st.button("Delete this moment", icon=":material/delete:", key=f"delete_{clip.id}"):
        _state(family, cycle_number, account)["selected"] = None
        _done("Moment deleted", lambda: coding.delete(store(), family.code, account, cycle_number, clip.id))


def compare_panel(family: Family, cycle_number: int, account: Account) -> None:
    """Agreement with each other ready coding: kappa per Principle, the overlap, and both layers on one line."""
    names = _names()
    duration = family.cycle(cycle_number).review_film.proxy.duration_ms
    step_ms = round(load_settings().agreement_step_s * 1000)
    for mine, other, result in coding.comparisons(family, cycle_number, account, step_ms):
        st.header(f"Your coding beside {names.get(other.coder, other.coder)}'s", anchor=False)
        overlap = "—" if result.overlap is None else f"{result.overlap:.0%}"
        st.metric("Time both marked, of the time either marked", overlap)
        st.dataframe([{"Principle": f"{p.number}. {p.label}", "Kappa": "—" if p.kappa is None else f"{p.kappa:.2f}",
                       "Agreement": result.words(p), "Steps you marked": p.bins_first,
                       "Steps they marked": p.bins_second}
                      for p in result.principles], hide_index=True, width="stretch")
        st.caption(f"Cohen's kappa over {result.bin_ms / 1000:g} s steps of the film: 1 is full agreement, 0 is "
                   "what chance alone would give. Words on Landis and Koch's scale.")
        st.vega_lite_chart(coding_timeline_spec([("You", mine.clips), (names.get(other.coder, other.coder),
                                                                      other.clips)], duration), width="stretch")
