"""The caseload's parts: This week, every family with its stage and next step, the calendar feed, a new family."""

from __future__ import annotations

from datetime import date

import streamlit as st

from workbench import Family, WorkbenchError, build
from workbench.care import calendars
from workbench.care.agenda import AgendaLine, session_words
from workbench.core.codes import suggest_family_code
from workbench.model import CarerRole, ConcernKind
from workbench.trust.accounts import Account, Role

from . import pages
from .media import made_link
from .state import open_family, store
from .widgets import plain, problem, sentence, when

WEEK_SHOWN = 12  # families shown in This week before "Show all"
STEP_PAGES = {"goals": pages.GOALS, "film": pages.FILM, "analysis": pages.ANALYSIS, "review": pages.REVIEW,
              "summary": pages.SUMMARY}


def open_at_step(line: AgendaLine) -> None:
    """Open the family straight at the page of its next step."""
    page = STEP_PAGES[line.step.page] if line.step else pages.GOALS
    open_family(line.code, page.path)


def this_week(lines: list[AgendaLine]) -> None:
    """The families that need the guider this week: a step overdue, or a session in the next seven days."""
    st.header("This week", anchor=False)
    if not lines:
        st.caption("Nothing is booked or overdue in the next seven days.")
        return
    today = date.today()
    everyone = st.session_state.get("week_in_full", False)
    for line in lines if everyone else lines[:WEEK_SHOWN]:
        with st.container(border=True):
            name_col, step_col, go_col = st.columns([2, 6, 2], vertical_alignment="center")
            demo = " · DEMO" if line.summary.is_demo else ""
            name_col.markdown(f"**{line.code}**{demo}  \n{plain(line.summary.child)}")
            facts = [f":material/arrow_forward: {plain(line.step.words)}" if line.step else ""]
            if line.step and line.step.overdue:
                facts.append(f":material/schedule: {line.step.overdue}")
            if line.session:
                facts.append(f":material/event: {session_words(line.session, today)}")
            step_col.markdown("  \n".join(f for f in facts if f))
            if go_col.button("Go to this step", key=f"go_{line.code}", icon=":material/arrow_forward:",
                             width="stretch", help=f"Open {line.code} at its next step"):
                open_at_step(line)
    if len(lines) > WEEK_SHOWN and not everyone:
        st.button(f"Show all {len(lines)} families for this week", key="show_whole_week", type="tertiary",
                  on_click=lambda: st.session_state.update(week_in_full=True))


def table(lines: list[AgendaLine], total: int, account: Account) -> None:
    """Every family with its stage and next step; selecting a row opens the family at that step."""
    supervising = account.has(Role.SUPERVISOR)
    today = date.today()
    rows = [{"Code": ln.code + (" · DEMO" if ln.summary.is_demo else ""), "Child": ln.summary.child,
             "Stage": sentence(ln.stage) if ln.stage else "—",
             "Overdue": f"{ln.step.late_days} day{'s' if ln.step.late_days != 1 else ''}"
                        if ln.step and ln.step.late_days else "",
             "Next session": session_words(ln.session, today) if ln.session else "",
             "Next step": ln.step.words if ln.step else "—",
             "Last activity": when(ln.summary.last_activity),
             **({"Guider": ln.summary.guider,
                 "Supervisor viewing": "Your family" if ln.summary.guider_account == account.username else
                 "Consented" if ln.summary.supervisor_consent_on(today) else "No consent"} if supervising else {})}
            for ln in lines]
    st.caption(f"{len(lines)} of {total} families · select a row to open it at its next step")
    # Sized so the columns a guider scans first fit a 1440-pixel screen, the code and child whole (a demo's code
    # too); the next step runs on to the right.
    config = {"Code": st.column_config.TextColumn(width=140), "Child": st.column_config.TextColumn(width=100),
              "Stage": st.column_config.TextColumn(width=155), "Overdue": st.column_config.TextColumn(width=80),
              "Next session": st.column_config.TextColumn(width=205),
              "Next step": st.column_config.TextColumn(width=450)}
    picked = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row", column_config=config,
                          key=f"caseload_table_{st.session_state.get('table_generation', 0)}", width="stretch")
    if picked.selection.rows:
        # A fresh key next time, so coming back to the caseload does not re-open this family.
        st.session_state["table_generation"] = st.session_state.get("table_generation", 0) + 1
        open_at_step(lines[picked.selection.rows[0]])


def calendar_feed(account: Account, where=st) -> None:
    """Every session booked with the guider's own families, as one calendar file (made when it is fetched)."""
    made_link("My sessions (.ics)", calendars.MINE, "", "vig-sessions.ics", where=where)


def _dialog_closed() -> None:
    st.session_state["new_family_open"] = False


@st.dialog("New family", width="large", on_dismiss=_dialog_closed)
def new_family(account: Account, codes: set[str]) -> None:
    st.caption("Use a pseudonymous code and only the child's first name or initials.")
    with st.form("new_family", border=False):
        # A row of columns per pair, so Tab goes across each row as it reads.
        left, right = st.columns(2)
        # Suggested from every code in the store, so it never collides with another guider's family.
        code = left.text_input("Family code", value=suggest_family_code(codes),
                               max_chars=32, help="Letters, digits, '-' and '_'. Never a surname.")
        guider = right.text_input("Guider", value=account.display_name, max_chars=80)
        left, right = st.columns(2)
        child = left.text_input("Child's first name or initials", max_chars=80)
        born = right.number_input("Child's year of birth", min_value=date.today().year - 25,
                                  max_value=date.today().year, value=date.today().year - 6, step=1)
        carers = []
        for n in (1, 2):
            name_col, role_col = st.columns([3, 2])
            name = name_col.text_input(f"Carer {n}'s name" + (" (optional)" if n == 2 else ""), max_chars=80,
                                       placeholder="First name, for example Jo")
            role = role_col.selectbox(f"Carer {n}'s role", list(CarerRole), format_func=sentence)
            if name.strip() or n == 1:
                carers.append({"name": name, "role": role})
        kind_col, detail_col = st.columns([2, 3])
        kind = kind_col.selectbox("Referral concern", list(ConcernKind), format_func=sentence)
        detail = detail_col.text_input("In a few words", max_chars=300, help="Needed when the concern is 'other'.")
        if st.form_submit_button("Create family", type="primary", icon=":material/add:"):
            try:
                family = build(Family, code=code, guider=guider, guider_account=account.username, carers=carers,
                               child={"name": child, "year_of_birth": born},
                               concern={"kind": kind, "detail": detail})
                store().create(family)
            except WorkbenchError as error:
                problem(error.message)
            else:
                _dialog_closed()
                open_family(family.code)
