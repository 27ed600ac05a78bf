"""The shared review's panels: the carer's shared screen, and the guider's write-up, ratings, next cycle and
final review."""

from __future__ import annotations

from datetime import date
from html import escape

import streamlit as st
from streamlit_player import st_player

from workbench import analysis, review
from workbench import clips as cuts
from workbench import shared_screen as shared_screen_state
from workbench.audit import AuditEvent
from workbench.errors import WorkbenchError
from workbench.films import ready_film
from workbench.model import Family
from workbench.settings import load_settings
from workbench.words import clock

from .media import media_url
from .state import ACCOUNT_PAGE, current_account, enter_shared_screen, leave_shared_screen, store
from .widgets import audit, plain, problem, save

SPEEDS = {"Normal speed": 1.0, "Slow": 0.5, "Very slow": 0.25, "Still": 0.0}

# Calm, large and uncluttered: no header, no menu; dark text on a warm light ground (contrast above 12:1).
SHARED_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
[data-testid="stMain"] { background: #FBF8F2; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 1800px; }
[data-testid="stMain"] p, [data-testid="stMain"] label, [data-testid="stMain"] button { font-size: 1.35rem !important; }
[data-testid="stMain"] textarea { font-size: 1.4rem !important; line-height: 1.45; }
[data-testid="stMain"] p.vig-caption { font-size: 2.1rem !important; line-height: 1.3; color: #1F2A2E;
  margin: .6rem 0 1rem; font-weight: 500; }
[data-testid="stMain"] p.vig-where { font-size: 1.3rem !important; color: #3E4C50; }
</style>
"""


def _clip_media(family: Family, cycle_number: int, clip) -> tuple[str, str]:
    film = ready_film(store(), family, cycle_number)
    exported = cuts.export(film, clip.start_ms, clip.end_ms)
    still = cuts.still(film, clip.still_at_ms)
    return media_url(exported), media_url(still)


def shared_screen(family: Family, cycle_number: int) -> None:
    """One chosen clip at a time, large and looping, with the prompts beside it. Nothing private shows."""
    st.html(SHARED_CSS)
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
            video_url, still_url = _clip_media(family, cycle_number, clip)
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
    with st.expander("For the guider", icon=":material/lock:"):
        with st.form("leave_shared", border=False, clear_on_submit=True):
            pin = st.text_input("PIN to leave the shared screen", type="password", max_chars=12)
            if st.form_submit_button("Leave"):
                leaving = shared_screen_state.leave(current_account().username, pin)
                if leaving.left:
                    leave_shared_screen(family.code)
                audit(AuditEvent.WRONG_PIN, family.code)
                wait = f" Please wait {leaving.wait_s} seconds before trying again." if leaving.wait_s else ""
                st.error("That PIN is not right." + wait, icon=":material/error:")


# -- The guider's view -------------------------------------------------------------------
def start_panel(family: Family, cycle_number: int) -> None:
    shown = review.review_clips(family, cycle_number)
    st.subheader("Watch together", anchor=False)
    if not shown:
        st.info("Choose clips for the shared review on the Micro-analysis step first.", icon=":material/movie:")
        return
    st.write(f"{len(shown)} clips chosen, in this order: "
             + "; ".join(f"{n}. {clock(c.start_ms)}" for n, c in enumerate(shown, start=1)))
    has_pin = bool(current_account().pin_hash)
    if not has_pin:
        st.warning("Set your own PIN first: leaving the shared screen will need it.", icon=":material/lock:")
        st.page_link(ACCOUNT_PAGE, label="Set your PIN on My account", icon=":material/person:")
    if st.button("Open the shared screen", type="primary", icon=":material/co_present:", disabled=not has_pin):
        enter_shared_screen(family.code, cycle_number)


def reflections_panel(family: Family, cycle_number: int) -> None:
    cycle = family.cycle(cycle_number)
    shown = review.review_clips(family, cycle_number)
    said = [(n, c, review.answers(cycle, c.id)) for n, c in enumerate(shown, start=1)]
    if not any(words for _, _, words in said):
        return
    st.subheader("What the carer said", anchor=False)
    for n, clip, words in said:
        if words:
            with st.container(border=True):
                st.markdown(f"**Clip {n}** · {plain(review.caption(clip, family.child.name))}")
                for prompt, text in words.items():
                    st.markdown(f"*{plain(prompt)}*  \n“{plain(text)}”")


def side_by_side_panel(family: Family) -> None:
    options = [(c.number, clip) for c in family.cycles for clip in c.clips if c.film and c.film.ready]
    if len(options) < 2:
        return
    st.subheader("Side by side", anchor=False)
    label = lambda item: analysis.clip_label(item[0], item[1])  # noqa: E731
    left_col, right_col = st.columns(2)
    left = left_col.selectbox("Left", options, format_func=label, key="pair_a")
    right = right_col.selectbox("Right", options, format_func=label, index=len(options) - 1, key="pair_b")
    if st.button("Play both from the start", icon=":material/play_circle:"):
        st.session_state["pair_run"] = st.session_state.get("pair_run", 0) + 1
    run = st.session_state.get("pair_run", 0)
    for column, (number, clip), side in ((left_col, left, "a"), (right_col, right, "b")):
        with column:
            try:
                url, _ = _clip_media(family, number, clip)
            except WorkbenchError as error:
                problem(error.message)
                continue
            st_player(url, playing=run > 0, loop=False, controls=True, playback_rate=1.0, height=320,
                      key=f"pair_{side}_{clip.id}_{run}")


def write_up_record(family: Family, cycle_number: int) -> None:
    """The session's write-up as text, for a reader who may not change it."""
    current = family.cycle(cycle_number).review
    st.subheader("Write-up", anchor=False)
    if current is None:
        st.caption("Not written up yet.")
        return
    for title, text in (("Who was there", ", ".join(current.attendees)), ("Discussion notes", current.notes),
                        ("The carer's overall comments", current.carer_comments),
                        ("Agreed next steps", current.next_steps), ("Plan for the next film", current.next_film_plan)):
        if text:
            st.markdown(f"**{title}**  \n{plain(text)}")


def write_up_panel(family: Family, cycle_number: int) -> None:
    current = family.cycle(cycle_number).review
    st.subheader("Write-up", anchor=False)
    with st.form(f"write_up_{cycle_number}"):
        held_col, who_col = st.columns([1, 3])
        held_on = held_col.date_input("Date of the session", value=(current.held_on if current and current.held_on
                                                                       else date.today()), format="DD/MM/YYYY")
        attendees = who_col.text_input("Who was there", max_chars=300, placeholder="Jo Smith, Dr Ada Patel",
                                       value=", ".join(current.attendees) if current else "")
        notes = st.text_area("Discussion notes", value=current.notes if current else "", max_chars=20000)
        comments = st.text_area("The carer's overall comments", value=current.carer_comments if current else "",
                                max_chars=20000)
        steps = st.text_area("Agreed next steps", value=current.next_steps if current else "", max_chars=20000)
        plan = st.text_input("Plan for the next film (activity)", max_chars=300,
                             value=current.next_film_plan if current else "")
        if st.form_submit_button("Save write-up", type="primary"):
            if save(lambda f: review.write_up(f, cycle_number, held_on=held_on, attendees=attendees, notes=notes,
                                              carer_comments=comments, next_steps=steps, next_film_plan=plan),
                    "Write-up saved"):
                st.rerun()


def ratings_panel(family: Family, cycle_number: int, title: str = "Goal ratings for this cycle") -> None:
    if not family.goals:
        return
    st.subheader(title, anchor=False)
    given = review.cycle_ratings(family, cycle_number)
    with st.form(f"ratings_{cycle_number}_{title}"):
        values = {}
        for n, goal in enumerate(family.goals, start=1):
            base = goal.baseline.value if goal.baseline else None
            label = f"Goal {n}: {plain(goal.text)}" + (f" (baseline {base})" if base is not None else "")
            values[goal.id] = st.slider(label, 0, 10, value=given.get(goal.id, goal.latest.value if goal.latest else 5))
        rated_by = st.text_input("Rated by", value=family.carers[0].name, max_chars=80)
        if st.form_submit_button("Save ratings", type="primary"):
            if save(lambda f: review.rerate(f, cycle_number, values, rated_by), "Ratings saved"):
                st.rerun()


def next_cycle_panel(family: Family, cycle_number: int) -> None:
    if cycle_number != family.current_cycle.number or family.current_cycle.is_final:
        return
    plan = family.cycle(cycle_number).review.next_film_plan if family.cycle(cycle_number).review else ""
    st.subheader("Next cycle", anchor=False)
    if plan:
        st.write(f"Next film: {plain(plan)}")
    if st.button(f"Start cycle {cycle_number + 1}", icon=":material/add_circle:"):
        if save(review.start_next_cycle, f"Cycle {cycle_number + 1} started"):
            st.rerun()


def final_review_panel(family: Family, cycle_number: int) -> None:
    if cycle_number != family.current_cycle.number:
        return
    cycle = family.cycle(cycle_number)
    st.subheader("Final review", anchor=False)
    final = st.toggle("This cycle is the final one", value=cycle.is_final, key=f"final_{cycle_number}",
                      disabled=family.status.value == "closed")
    if final != cycle.is_final and save(lambda f: review.mark_final(f, cycle_number, final)):
        st.rerun()
    if not cycle.is_final:
        return
    ratings_panel(family, cycle_number, title="Final goal ratings")
    current = family.final_review
    with st.form("final_review"):
        held_on = st.date_input("Date of the final review", value=current.held_on if current else date.today(),
                                format="DD/MM/YYYY")
        evaluation = st.text_area("Evaluation notes", value=current.evaluation if current else "", max_chars=20000)
        feedback = st.text_area("The carer's feedback, in their own words",
                                value=current.carer_feedback if current else "", max_chars=20000)
        if st.form_submit_button("Save final review", type="primary"):
            if save(lambda f: review.record_final_review(f, held_on=held_on, evaluation=evaluation,
                                                         carer_feedback=feedback), "Final review saved"):
                st.rerun()
    if family.status.value == "closed":
        st.success(f"The case was closed on {family.closed_on:%d %B %Y}.", icon=":material/task_alt:")
    elif current is not None:
        if st.checkbox("The intervention has ended: close this family's case", key="confirm_close"):
            st.caption("Closing records today's date, which starts the clock for erasing the family's films.")
            if st.button("Close the case", type="primary"):
                if save(review.close_case, "Case closed"):
                    st.rerun()


def intro_film_panel() -> None:
    """The introductory film for the first meeting, if settings name one."""
    source = load_settings(store().root).intro_film.strip()
    if not source:
        return
    with st.expander("Introductory film about VIG", icon=":material/smart_display:"):
        if source.startswith(("http://", "https://")):
            st.caption("This film is on the internet; playing it connects to its website.")
            if st.button("Play the introductory film"):
                if review.intro_film_reachable(source):
                    st_player(source, playing=True, controls=True, playback_rate=1.0, key="intro_film")
                else:
                    st.warning("The introductory film cannot be reached: this computer seems to be offline. "
                               "Save a copy in the data folder and name it in Settings to play it offline.",
                               icon=":material/wifi_off:")
            return
        local = (store().root / source).resolve()
        if not local.is_file() or not local.is_relative_to(store().root.resolve()):
            st.warning(f"The introductory film {plain(source)} was not found in the data folder. Check Settings.",
                       icon=":material/error:")
            return
        st_player(media_url(local), playing=False, controls=True, playback_rate=1.0, key="intro_film")
