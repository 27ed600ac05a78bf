"""The Supervision page's panels: progress towards the stage, the session log, and the forms of each side."""

from __future__ import annotations

from datetime import date

import streamlit as st

from workbench.model import SupervisionLog, SupervisionSession
from workbench.supervision import log as supervision
from workbench.supervision import portfolio
from workbench.supervision.accreditation import STAGES, Progress
from workbench.trust.accounts import Account, Role, load_accounts

from .media import made_link
from .widgets import attempt, plain, when

TARGETS = (("cycles", "Cycles with the shared review written up"), ("clients", "Different families"),
           ("hours", "Hours of supervision"))


def whose(account: Account) -> str | None:
    """The guider whose record to show: one's own, or (for a supervisor) one chosen from those supervised."""
    names = load_accounts()
    own = [account.username] if account.has(Role.GUIDER) else []
    supervised = [g for g in account.supervises
                  if account.has(Role.SUPERVISOR) and g in names and g != account.username]
    choices = own + supervised
    if not choices:
        return None
    if len(choices) == 1:
        return choices[0]
    return st.selectbox("Guider", choices, key="supervision_guider",
                        format_func=lambda n: "You" if n == account.username else names[n].display_name)


def first_view(account: Account, guider: str) -> bool:
    """True the first time in this sitting that ``account`` opens ``guider``'s record: one audit line, not one a run."""
    seen = st.session_state.setdefault("_viewed_records", set())
    first = (account.username, guider) not in seen
    seen.add((account.username, guider))
    return first


def progress_panel(progress: Progress, own: bool, hours: float = 0) -> None:
    if progress.accredited:
        st.success("All three stages are signed off: accredited.", icon=":material/workspace_premium:")
    stage = progress.targets.stage
    st.header(f"Working towards stage {stage}" if not progress.accredited else "Stage 3, signed off",
                 anchor=False)
    st.caption("Counted from the families and the supervision log"
               + (f", since stage {stage - 1} was signed off on {when(progress.since)}." if progress.since else "."))
    for column, (what, label) in zip(st.columns(3, gap="large"), TARGETS, strict=True):
        have, need = getattr(progress.counts, what), getattr(progress.targets, what)
        column.progress(progress.share(what), text=f"{label}: {have:g} of {need}")
    if hours:
        st.caption(f"{hours:g} hour{'s' if hours != 1 else ''} of supervision in all, every stage together.")
    if own and progress.counts.clients:
        st.caption("Families counted: " + progress.counted_families)
    with st.expander("The three stages"):
        st.table([{"Stage": s.stage, "Cycles": s.cycles, "Different families": s.clients,
                   "Hours of supervision": s.hours} for s in STAGES])


def session_card(session: SupervisionSession, account: Account, guider: str) -> None:
    names = load_accounts()
    supervisor = names[session.supervisor].display_name if session.supervisor in names else session.supervisor
    with st.container(border=True):
        st.markdown(f"**{when(session.held_on)}** · {session.minutes} min · stage {session.stage} · "
                    f"with {plain(supervisor)}" + (f" · **signs off stage {session.stage}**"
                                                   if session.signs_off_stage else ""))
        if session.families:
            st.caption("Families discussed: " + ", ".join(session.families))
        for title, text in (("Notes", session.notes), ("Agreed actions", session.actions)):
            if text:
                st.markdown(f"**{title}**  \n{plain(text)}")
        if account.username == guider:
            with st.form(f"reflect_{session.id}", border=False):
                text = st.text_area("Your reflection", value=session.reflection, max_chars=20_000, height=100)
                if st.form_submit_button("Save my reflection"):
                    if attempt(lambda: supervision.reflect(account, session.id, text), "Reflection saved"):
                        st.rerun()
        elif session.reflection:
            st.markdown(f"**The guider's reflection** ({when(session.reflected_on)})  \n{plain(session.reflection)}")
        if session.supervisor == account.username and st.button("Take this session out…", key=f"out_{session.id}",
                                                                icon=":material/delete:"):
            _confirm_removal(account, guider, session.id)


@st.dialog("Take this session out of the log?")
def _confirm_removal(account: Account, guider: str, session_id: str) -> None:
    st.write("For a session recorded by mistake, or to put the record right. It cannot be brought back; the "
             "guider's reflection on it goes too.")
    if st.button("Yes, take it out", type="primary"):
        if attempt(lambda: supervision.remove_session(account, guider, session_id), "Session taken out"):
            st.rerun()


def session_form(account: Account, guider: str, progress: Progress) -> None:
    theirs = sorted(f.code for f in supervision.guider_families(guider))
    with st.expander("Record a supervision session", icon=":material/edit_note:", expanded=False):
        with st.form(f"log_{guider}", clear_on_submit=True, border=False):
            day_col, length_col, stage_col = st.columns(3)
            held_on = day_col.date_input("Date", value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
            minutes = length_col.number_input("Length (minutes)", min_value=15, max_value=240, value=60, step=15)
            stage = stage_col.selectbox("Stage", [1, 2, 3], index=progress.targets.stage - 1)
            families = st.multiselect("Families discussed (by code)", theirs)
            notes = st.text_area("Notes", max_chars=20_000, help="Family codes only: no child's or carer's name.")
            actions = st.text_area("Agreed actions", max_chars=20_000)
            signs_off = st.checkbox("This session signs off the stage (for stage 3: the accreditation meeting)")
            if st.form_submit_button("Record the session", type="primary"):
                if attempt(lambda: supervision.log_session(
                        account, guider, held_on=held_on, minutes=int(minutes), stage=int(stage), families=families,
                        notes=notes, actions=actions, signs_off_stage=signs_off), "Session recorded"):
                    st.rerun()


def statement_form(account: Account, log: SupervisionLog) -> None:
    st.header("Your reflective statement", anchor=False)
    with st.form("statement", border=False):
        text = st.text_area("For the accreditation panel, at the end of stage 3", value=log.statement,
                            max_chars=20_000, height=160)
        if st.form_submit_button("Save the statement"):
            if attempt(lambda: supervision.write_statement(account, text), "Statement saved"):
                st.rerun()


def portfolio_downloads(account: Account, guider: str) -> None:
    """The supervision record for the accreditation panel, as Word and PDF, made when its link is followed."""
    word_col, pdf_col, _ = st.columns([1, 1, 2])
    for column, kind, label in ((word_col, "docx", "Supervision record (Word)"),
                                (pdf_col, "pdf", "Supervision record (PDF)")):
        made_link(label, portfolio.RECORD, f"{guider}/{kind}", f"supervision-record-{guider}.{kind}",
                  where=column)
    st.caption("The stage, the counts, the sessions, the agreement and the reflective statement: family codes "
               "only, and any name written in the notes taken out.")
