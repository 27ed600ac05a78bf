"""The guider's side of the shared review: starting the shared screen, the carer's words, side by side, the
write-up, ratings, the next cycle and the final review. The carer's screen is ``shared_screen``."""

from __future__ import annotations

from datetime import date

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.core.words import clock
from workbench.cycle import analysis, review, review_cuts
from workbench.cycle import clip_files as cuts
from workbench.cycle.films import ready_film
from workbench.model import Family

from . import pages
from .jobs import ask_for, follow_job
from .media import media_url, video_tag
from .state import ACCOUNT_PAGE, current_account, enter_shared_screen, open_family, store
from .widgets import plain, problem, rating_input, save


def start_panel(family: Family, cycle_number: int) -> None:
    shown = review.review_clips(family, cycle_number)
    st.header("Watch together", anchor=False)
    if not shown:
        st.info("Choose clips for the shared review on the Micro-analysis step first.", icon=":material/movie:")
        return
    st.write(f"{len(shown)} clips chosen, in this order: "
             + "; ".join(f"{n}. {clock(c.start_ms)}" for n, c in enumerate(shown, start=1)))
    has_pin = bool(current_account().pin_hash)
    if not has_pin:
        st.warning("Set your own PIN first: leaving the shared screen will need it.", icon=":material/lock:")
        st.page_link(ACCOUNT_PAGE, label="Set your PIN on My account", icon=":material/person:")
    clips_ready(family, cycle_number)
    one_col, two_col = st.columns(2)
    if one_col.button("Open the shared screen", type="primary", icon=":material/co_present:", disabled=not has_pin,
                      help="The clip and the prompts on this screen, for watching together side by side."):
        enter_shared_screen(family.code, cycle_number)
    if two_col.button("Shared review on two screens", icon=":material/cast:", disabled=not has_pin,
                      help="The clip alone on the TV or projector; the prompts, the carer's words and your "
                           "private note on this laptop."):
        enter_shared_screen(family.code, cycle_number, two_screens=True)


def clips_ready(family: Family, cycle_number: int) -> None:
    """The review's clips are cut on the queue as soon as this page opens, so no screen waits for one."""
    left, total = review_cuts.waiting(store(), family, cycle_number)
    if not total:
        return
    if left:
        ask_for(lambda: review_cuts.queue_cuts(store(), family.code, cycle_number))
        follow_job(review_cuts.cuts_subject(family.code, cycle_number),
                   f"Getting the clips ready to show ({total - left} of {total} ready).", lambda _: None)
    else:
        st.caption(f":material/check_circle: {'Both' if total == 2 else f'All {total}' if total > 1 else 'The'} "
                   f"clip{'s are' if total > 1 else ' is'} ready to show.")


def reflections_panel(family: Family, cycle_number: int) -> None:
    cycle = family.cycle(cycle_number)
    shown = review.review_clips(family, cycle_number)
    said = [(n, c, review.answers(cycle, c.id)) for n, c in enumerate(shown, start=1)]
    if not any(words for _, _, words in said):
        return
    st.header("What the carer said", anchor=False)
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
    st.header("Side by side", anchor=False)
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
                url = media_url(cuts.export(ready_film(store(), family, number), clip.start_ms, clip.end_ms))
            except WorkbenchError as error:
                problem(error.message)
                continue
            st.html(video_tag(url, element_id=f"pair-{side}-{run}", autoplay=run > 0, css="max-height:320px"))


def write_up_record(family: Family, cycle_number: int) -> None:
    """The session's write-up as text, for a reader who may not change it."""
    current = family.cycle(cycle_number).review
    st.header("Write-up", anchor=False)
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
    st.header("Write-up", anchor=False)
    with st.form(f"write_up_{cycle_number}"):
        held_col, who_col = st.columns([1, 3])
        held_on = held_col.date_input("Date of the session", value=(current.held_on if current and current.held_on
                                                                       else date.today()), format="DD/MM/YYYY")
        attendees = who_col.text_input("Who was there", max_chars=300, placeholder="Foster carer Jo, guider Ada",
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


def ratings_panel(family: Family, cycle_number: int, final: bool = False) -> None:
    if not family.goals:
        return
    title = "Final goal ratings" if final else "Goal ratings for this cycle"
    st.header(title, anchor=False)
    if final:
        st.caption("The carer rates each goal once more, looking back over the whole intervention.")
    given = review.cycle_ratings(family, cycle_number, final)
    with st.form(f"ratings_{cycle_number}_{final}"):
        values = {}
        for n, goal in enumerate(family.goals, start=1):
            # Unset until the carer rates it here: earlier ratings are shown by name, never carried over.
            earlier = review.earlier_ratings(goal, cycle_number, final)
            label = f"Goal {n}: {plain(goal.text)}" + (f" ({earlier})" if earlier else "")
            values[goal.id] = rating_input(label, given.get(goal.id), key=f"rate_{cycle_number}_{final}_{goal.id}")
        rated_by = st.text_input("Rated by", value=family.carers[0].name, max_chars=80)
        closed = final and family.status.value == "closed"  # the case closed: its final ratings stand as saved
        if st.form_submit_button("Save final ratings" if final else "Save ratings", type="primary", disabled=closed):
            if save(lambda f: review.rerate(f, cycle_number, values, rated_by, final=final), "Ratings saved"):
                st.rerun()


def next_cycle_panel(family: Family, cycle_number: int) -> None:
    if cycle_number != family.current_cycle.number or family.current_cycle.is_final:
        return
    plan = family.cycle(cycle_number).review.next_film_plan if family.cycle(cycle_number).review else ""
    st.header("Next cycle", anchor=False)
    if plan:
        st.write(f"Next film: {plain(plan)}")
    if st.button(f"Start cycle {cycle_number + 1}…", icon=":material/add_circle:"):
        st.session_state[_CONFIRMING] = cycle_number
    if st.session_state.get(_CONFIRMING) == cycle_number:  # kept open across full runs until answered
        _confirm_next_cycle(cycle_number, family.code)


_CONFIRMING = "confirm_next_cycle"


def _not_now() -> None:
    st.session_state.pop(_CONFIRMING, None)


@st.dialog("Start the next cycle?", on_dismiss=_not_now)
def _confirm_next_cycle(cycle_number: int, family_code: str) -> None:
    st.write(f"Cycle {cycle_number} is kept as it is. Cycle {cycle_number + 1} starts with no film, no clips "
             "and no ratings: the carer rates the goals again when it is reviewed.")
    yes, no = st.columns(2)
    if yes.button(f"Start cycle {cycle_number + 1}", type="primary", icon=":material/add_circle:", width="stretch"):
        _not_now()
        if save(review.start_next_cycle, f"Cycle {cycle_number + 1} started: add its film"):
            open_family(family_code, pages.FILM.path)  # the next step: the new cycle's film
    if no.button("Not yet", width="stretch", on_click=_not_now):
        st.rerun()


def final_review_panel(family: Family, cycle_number: int) -> None:
    if cycle_number != family.current_cycle.number:
        return
    cycle = family.cycle(cycle_number)
    st.header("Final review", anchor=False)
    final = st.toggle("This cycle is the final one", value=cycle.is_final, key=f"final_{cycle_number}",
                      disabled=family.status.value == "closed")
    if final != cycle.is_final and save(lambda f: review.mark_final(f, cycle_number, final)):
        st.rerun()
    if not cycle.is_final:
        return
    ratings_panel(family, cycle_number, final=True)
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
