"""Under every family page's title: the next step, the next booked session, and booking, cancelling and calendars."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from workbench.care import calendars
from workbench.care.agenda import session_words
from workbench.core.next_step import Stage, next_step, place
from workbench.core.settings import load_settings
from workbench.cycle.bookings import book, cancel, upcoming
from workbench.model import BookedSession, Family, SessionKind

from .media import made_link
from .state import store
from .widgets import plain, read_only, save, sentence

# The kind of session a stage usually books next, so the form starts on it.
_NEXT_KIND = {Stage.REVIEW: SessionKind.SHARED_REVIEW, Stage.CLIPS: SessionKind.SHARED_REVIEW,
              Stage.PREPARING: SessionKind.SHARED_REVIEW, Stage.WRITE_UP: SessionKind.FILMING,
              Stage.FINAL_REVIEW: SessionKind.FINAL_REVIEW}


def next_step_bar(family: Family) -> None:
    """The family's next step in words (calmly marked when overdue), and its sessions behind one button."""
    today = date.today()
    where = place(family)
    step = next_step(where, today, load_settings(store().root))
    coming = upcoming(family.sessions)
    words_col, session_col = st.columns([3, 2], vertical_alignment="center")
    overdue = f"  \n:material/schedule: {step.overdue}" if step.overdue else ""
    words_col.markdown(f":material/arrow_forward: **Next step:** {plain(step.words)}{overdue}")
    if not coming and read_only(family):
        return  # a supervisor books nothing: no button that only says there is nothing
    label = f"Next session: {session_words(coming[0], today)}" if coming else "Book a session"
    with session_col.popover(label, icon=":material/event:", width="stretch"):
        _sessions(family, coming, _NEXT_KIND.get(where.stage, SessionKind.FILMING))


def _sessions(family: Family, coming: list, kind: SessionKind) -> None:
    today = date.today()
    if not coming:
        st.caption("No session is booked.")
    for session in coming:
        when_col, ics_col, cancel_col = st.columns([3, 2, 2], vertical_alignment="center")
        when_col.markdown(sentence(session_words(session, today)))
        if read_only(family):
            continue  # a supervisor sees when, and takes nothing away
        made_link("Calendar (.ics)", calendars.ONE, f"{family.code}/{session.id}",
                  f"{family.code}-{session.starts_at:%Y%m%d-%H%M}.ics", where=ics_col)
        if cancel_col.button("Cancel", key=f"cancel_{session.id}", icon=":material/event_busy:"):
            if save(lambda f, s=session: cancel(f, s.id), "Session cancelled"):
                st.rerun()
    if read_only(family):
        return
    with st.form(f"book_{family.code}", border=False):
        st.markdown("**Book the next session**")
        kinds = list(SessionKind)
        what = st.selectbox("Kind of session", kinds, index=kinds.index(kind), format_func=sentence)
        day_col, time_col, length_col = st.columns([1.6, 1, 0.9])  # room for the whole date, year and all
        on = day_col.date_input("Date", value=today + timedelta(days=7), min_value=today, format="DD/MM/YYYY")
        at = time_col.time_input("Time", value=time(10, 0), step=timedelta(minutes=15))
        minutes = length_col.number_input("Minutes", min_value=15, max_value=240, value=60, step=15)
        if st.form_submit_button("Book session", type="primary", icon=":material/event_available:"):
            booked = BookedSession(kind=what, starts_at=datetime.combine(on, at))
            if save(lambda f: book(f, what, on, at, int(minutes)), f"Booked: {session_words(booked, today)}"):
                st.rerun()
