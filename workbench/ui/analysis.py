"""The Micro-analysis step's panels: the player with its marks, the clip list, one clip's editor, the summary."""

from __future__ import annotations

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.core.principles import principle_labels, principle_numbers, principles
from workbench.core.settings import load_settings
from workbench.core.words import clock, short_clock
from workbench.cycle import analysis
from workbench.cycle import clip_files as cuts
from workbench.cycle.films import ReadyFilm
from workbench.model import Family

from . import suggestions as suggested
from .clip_focus import focus_keys, seek_to, select, selected_clip
from .media import media_url, media_urls, picture, video_tag
from .player import PlayerClip, analysis_player
from .state import store
from .widgets import flash, lead_in_slider, plain, problem, read_only, save

# The clip list is narrow: short headings, each explained on hover.
HELP = {"#": "Its place in the shared review (blank: not chosen)",
        "Principles": "The Principles it is tagged with, by number"}


def describe(clip) -> str:
    names = principle_labels(clip.tags) or ["not tagged yet"]
    return f"{clock(clip.start_ms)}–{analysis.clock(clip.end_ms)} · {', '.join(names)}"


def _save_clip(family: Family, cycle_number: int, start_ms, end_ms) -> None:
    if start_ms is None or end_ms is None:
        st.error("Mark the start (I) and the end (O) of the moment first, then save it (Enter).",
                 icon=":material/error:")
        return
    made = []
    if save(lambda f: made.append(analysis.add_clip(f, cycle_number, start_ms, end_ms, for_review=True)),
            "Clip saved"):
        marks = st.session_state[focus_keys(family, cycle_number)["marks"]]
        st.session_state[focus_keys(family, cycle_number)["marks"]] = {"in": None, "out": None,
                                                                  "version": marks.get("version", 0) + 1}
        select(family, cycle_number, made[0].id)
        st.rerun()


def _move_edge(family: Family, cycle_number: int, edge: object) -> None:
    """An edge of the chosen clip set to the play position or dragged on the strip. A refused move says why
    beside the player, and the player puts the edge back (``refused`` changes)."""
    try:
        where, ms, clip_id = str(edge["edge"]), int(edge["ms"]), str(edge["id"])  # type: ignore[index]
    except (TypeError, ValueError, KeyError, OverflowError):
        return  # not something the player sends
    if where not in ("start", "end") or not 0 <= ms <= 10**9:
        return
    try:
        store().update(family.code, lambda f: analysis.set_edge(f, cycle_number, clip_id, where, ms))
    except WorkbenchError as error:
        keys = focus_keys(family, cycle_number)
        st.session_state[keys["refused"]] = st.session_state.get(keys["refused"], 0) + 1
        st.session_state[keys["refused"] + "_why"] = error.message
    else:
        flash(f"Clip {where} moved")
    st.rerun()


def player_panel(family: Family, cycle_number: int, film: ReadyFilm, found: suggested.Suggested) -> None:
    keys = focus_keys(family, cycle_number)
    marks = st.session_state.setdefault(keys["marks"], {"in": None, "out": None, "version": 0})
    proxy = film.proxy
    cycle = family.cycle(cycle_number)
    chosen_ids = {c.id for c in analysis.chosen(cycle)}
    lead_in_ms = load_settings(store().root).lead_in_s * 1000
    current = selected_clip(family, cycle_number)
    why = st.session_state.pop(keys["refused"] + "_why", None)
    if why:
        st.toast(f"Not moved: {plain(why)}", icon=":material/error:")
    result = analysis_player(
        src=media_url(film.video), fps=proxy.fps, duration_ms=proxy.duration_ms,
        aspect=proxy.width / proxy.height, marks=marks,
        clips=[PlayerClip(c.id, c.start_ms, c.end_ms, describe(c), c.id in chosen_ids,
                          c.lead_in_ms if c.lead_in_ms is not None else lead_in_ms) for c in cycle.clips],
        selected=current.id if current else None,
        thumbs=media_urls([film.files.thumbnail(i) for i in range(proxy.thumbnails)]),
        every_ms=proxy.thumbnail_every_ms, seek=st.session_state.get(keys["seek"]),
        refused=st.session_state.get(keys["refused"], 0), key=f"player_{keys['marks']}",
        suggestions=suggested.for_player(found))
    if result.mark_in is not None:
        marks["in"] = int(result.mark_in)
    if result.mark_out is not None:
        marks["out"] = int(result.mark_out)
    if result.save is not None:
        _save_clip(family, cycle_number, result.save.get("start_ms"), result.save.get("end_ms"))
    if result.edge is not None:
        _move_edge(family, cycle_number, result.edge)
    if isinstance(result.take, dict):
        suggested.take(family, cycle_number, str(result.take.get("id")), found)
    picked = result.pick.get("id") if isinstance(result.pick, dict) else None
    if picked is not None and any(c.id == picked for c in cycle.clips):
        clip = next(c for c in cycle.clips if c.id == picked)
        select(family, cycle_number, clip.id)
        seek_to(family, cycle_number, clip.start_ms)
        st.rerun()
    with st.expander("Type the times instead", icon=":material/keyboard:"):
        with st.form(f"typed_{keys['marks']}", border=False):
            start_col, end_col = st.columns(2)
            start = start_col.text_input("Start", placeholder="1:02.345")
            end = end_col.text_input("End", placeholder="1:06.000")
            if st.form_submit_button("Save clip"):
                try:
                    _save_clip(family, cycle_number, analysis.parse_clock(start), analysis.parse_clock(end))
                except WorkbenchError as error:
                    problem(error.message)


def watch_panel(film: ReadyFilm) -> None:
    """The review copy in a plain player, for a reader: nothing that marks or saves."""
    st.html(video_tag(media_url(film.video), element_id="film-proxy"))


def clip_list(family: Family, cycle_number: int) -> None:
    cycle = family.cycle(cycle_number)
    keys = focus_keys(family, cycle_number)
    undo = st.session_state.get(keys["undo"])
    if undo is not None:
        note_col, undo_col = st.columns([3, 1], vertical_alignment="center")
        note_col.caption(f"Clip {clock(undo.start_ms)}–{analysis.clock(undo.end_ms)} deleted.")
        if undo_col.button("Undo", icon=":material/undo:"):
            if save(lambda f: analysis.restore_clip(f, cycle_number, undo), "Clip restored"):
                st.session_state.pop(keys["undo"], None)
                select(family, cycle_number, undo.id)
                st.rerun()
    if not cycle.clips:
        st.info("No clips yet. Play the film, press I at the start of a good moment, O at its end, then Enter.",
                icon=":material/movie:")
        return
    overlapping = analysis.overlaps(cycle)
    order = {c.id: n for n, c in enumerate(analysis.chosen(cycle), start=1)}
    # Short columns first, so the whole row fits the narrow column beside the player; the editor below
    # names every principle in full.
    rows = [{"#": f"#{order[c.id]}" if c.id in order else "",
             "Clip": f"{short_clock(c.start_ms)}–{short_clock(c.end_ms)}",
             "Length": f"{c.duration_ms / 1000:.1f} s",
             "Principles": principle_numbers(c.tags) or "—",
             "Note": ("⚠ overlaps · " if c.id in overlapping else "") + c.note[:60]}
            for c in cycle.clips]
    if read_only(family):  # "only you see this": the guider's private note stays off a supervisor's screen
        rows = [{k: v for k, v in row.items() if k != "Note"} for row in rows]
    widths = {"#": 36, "Clip": 104, "Length": 54, "Principles": 76}
    current = selected_clip(family, cycle_number)
    picked = st.dataframe(
        rows, hide_index=True, on_select="rerun", selection_mode="single-row", width="stretch",
        column_config={name: st.column_config.TextColumn(width=px, help=HELP.get(name))
                       for name, px in widths.items()},
        key=f"clips_{keys['marks']}_{len(cycle.clips)}_{current.id if current else ''}",
        selection_default={"selection": {"rows": [cycle.clips.index(current)] if current else []}})
    rows_picked = picked.selection.rows
    if rows_picked and (current is None or cycle.clips[rows_picked[0]].id != current.id):
        clip = cycle.clips[rows_picked[0]]
        select(family, cycle_number, clip.id)
        seek_to(family, cycle_number, clip.start_ms)
        st.rerun()
    if overlapping:
        st.caption("⚠ Some clips overlap. That is allowed; check you meant it.")


def tag_groups(family: Family, chosen: list[str], key: str) -> tuple[list[str], set[str]]:
    """The Principles as groups of chips that wrap: every tag on the clip in sight at once, no "select all".

    Returns the tags the guider just added and took away in this window, not a whole list: a list from a
    window that had not seen another window's new tag would drop it. Once saved, the chips show the clip as
    it is now, other windows' changes included."""
    st.markdown("**What this moment shows**")
    groups = [(f"{p.number}. {p.label}", [p.id, *(s.id for s in p.sub_behaviours)]) for p in principles()]
    if family.custom_tags:
        groups.append(("Your own tags", [t.id for t in family.custom_tags]))
    added: set[str] = set()
    removed: set[str] = set()
    for label, options in groups:
        widget, shown = f"tags_{options[0]}_{key}", f"shown_tags_{options[0]}_{key}"
        now = [t for t in chosen if t in options]
        if widget in st.session_state and shown in st.session_state:
            picked, was = set(st.session_state[widget] or []), set(st.session_state[shown])
            added |= picked - was
            removed |= was - picked
            if picked == was:
                st.session_state[widget] = now  # nothing changed here: show the clip as it is now
        else:
            st.session_state[widget] = now
        st.session_state[shown] = list(st.session_state[widget])
        st.pills(label, options, selection_mode="multi", format_func=lambda t: analysis.tag_label(family, t),
                 key=widget)
    return [t for _, options in groups for t in options if t in added], removed  # catalogue order


def clip_editor(family: Family, cycle_number: int, film: ReadyFilm) -> None:
    """The chosen clip, the full width under the player: its times and pictures beside its tags and words."""
    clip = selected_clip(family, cycle_number)
    if clip is None:
        return
    key = clip.id  # the same widgets while the clip's edges move, so a note being typed is never lost
    st.header(f"Clip {clock(clip.start_ms)}–{analysis.clock(clip.end_ms)}", anchor=False)
    times_col, words_col = st.columns(2, gap="large")
    with times_col:
        _clip_times(family, cycle_number, film, clip, key)
    with words_col:
        _clip_words(family, cycle_number, clip, key)


def _clip_times(family: Family, cycle_number: int, film: ReadyFilm, clip, key: str) -> None:
    fps = film.proxy.fps
    for edge, ms in (("start", clip.start_ms), ("end", clip.end_ms)):
        label_col, *steps = st.columns([4, 2, 3, 3, 2], vertical_alignment="center")
        label_col.markdown(f"**{edge.capitalize()}** {clock(ms)}  \nframe {cuts.frame_index(ms, fps)}")
        # A second's worth of frames each way, as well as one frame: lengthening a clip by 1 s is one click.
        for column, frames, text in zip(steps, (-fps, -1, 1, fps), ("−1 s", "−1 frame", "+1 frame", "+1 s"),
                                        strict=True):
            if column.button(text, key=f"{edge}{frames}_{key}", width="stretch"):
                moved = save(lambda f, edge=edge, frames=frames: analysis.nudge(f, cycle_number, clip.id, edge, frames))
                if moved:
                    seek_to(family, cycle_number, getattr(moved.result, f"{edge}_ms"))
                    st.rerun()
    frames = analysis.frame_times(clip.start_ms, clip.end_ms, fps)
    shown = min(frames, key=lambda t: abs(t - clip.still_at_ms))
    early = film.first_look is not None
    if early:
        st.info("The clip's first and last frames, its preview and its still appear here once the review copy is "
                "ready. Its times are kept on the copy's frames.", icon=":material/hourglass_top:")
    else:
        try:
            shots = cuts.pictures(film, clip.start_ms, clip.end_ms, shown)
        except WorkbenchError as error:
            problem(error.message)
            return
        first_col, last_col = st.columns(2)
        picture(shots.first, "The clip's first frame", caption="First frame the carer will see", where=first_col)
        picture(shots.last, "The clip's last frame", caption="Last frame", where=last_col)
        st.html(video_tag(media_url(shots.preview), element_id=f"preview-{clip.id}", loop=True))
    # Its choices are the clip's frames, so a new slider when the edges move; only the guider's own move saves.
    still_ms = st.select_slider("Still for the shared review (frozen picture)",
                                key=f"still_{key}_{clip.start_ms}_{clip.end_ms}", options=frames, format_func=clock,
                                value=shown)
    if still_ms != shown:
        if save(lambda f: analysis.choose_still(f, cycle_number, clip.id, still_ms), "Still chosen"):
            st.rerun()
    if not early:  # the still cut with the others (one moved on the slider is saved, and shown after the rerun)
        picture(shots.still, "The still chosen for the shared review", width=240)
    if lead_in_slider(family, cycle_number, clip):
        st.rerun()


def _clip_words(family: Family, cycle_number: int, clip, key: str) -> None:
    cycle = family.cycle(cycle_number)
    added, removed = tag_groups(family, clip.tags, key)
    if (added or removed) and save(lambda f: analysis.change_tags(f, cycle_number, clip.id, add=added,
                                                                  remove=removed), "Tags saved"):
        st.rerun()
    with st.form(f"custom_{key}", border=False, clear_on_submit=True):
        new_col, add_col = st.columns([3, 1], vertical_alignment="bottom")
        custom = new_col.text_input("Your own tag", max_chars=80, placeholder="For example: shared laughter")
        if add_col.form_submit_button("Add tag") and custom.strip():
            def tag_it(f):
                tag = analysis.add_custom_tag(f, custom)
                analysis.change_tags(f, cycle_number, clip.id, add=[tag.id])
            if save(tag_it, "Tag added"):
                st.rerun()
    note = st.text_area("Note (only you see this)", value=clip.note, max_chars=2000, key=f"note_{key}")
    if note != clip.note and save(lambda f: analysis.edit_clip(f, cycle_number, clip.id, note=note), "Note saved"):
        st.rerun()
    chosen_ids = [c.id for c in analysis.chosen(cycle)]
    for_review = st.checkbox(
        "For the shared review" + (f" (#{chosen_ids.index(clip.id) + 1} of {len(chosen_ids)})"
                                   if clip.id in chosen_ids else ""), value=clip.chosen, key=f"chosen_{key}")
    if for_review != clip.chosen and save(lambda f: analysis.choose(f, cycle_number, clip.id, for_review)):
        st.rerun()
    up_col, down_col, delete_col = st.columns(3)
    if clip.chosen:
        for column, step, text in ((up_col, -1, "Earlier"), (down_col, 1, "Later")):
            if column.button(text, key=f"move{step}_{key}", width="stretch",
                             icon=":material/arrow_upward:" if step < 0 else ":material/arrow_downward:"):
                if save(lambda f, step=step: analysis.move(f, cycle_number, clip.id, step)):
                    st.rerun()
    if delete_col.button("Delete", key=f"delete_{key}", icon=":material/delete:", width="stretch"):
        removed = []
        if save(lambda f: removed.append(analysis.delete_clip(f, cycle_number, clip.id)), "Clip deleted"):
            st.session_state[focus_keys(family, cycle_number)["undo"]] = removed[0]
            select(family, cycle_number, None)
            st.rerun()
