"""Caseload: every family, searchable; open one, or start a new one."""

from datetime import date

import streamlit as st

from workbench import Caseload, Family, WorkbenchError, build
from workbench.access import visible
from workbench.accounts import Role
from workbench.caseload import problems, search
from workbench.codes import suggest_family_code
from workbench.model import CarerRole, ConcernKind
from workbench.ui.demo import demo_offer
from workbench.ui.erasure import erased_note
from workbench.ui.restore import restore_panel
from workbench.ui.state import current_account, open_family, store
from workbench.ui.widgets import plain, problem, sentence, when

account = current_account()
everyone = Caseload(store()).summaries()
summaries = visible(account, everyone)
is_guider = account.has(Role.GUIDER)


def _dialog_closed() -> None:
    st.session_state["new_family_open"] = False


@st.dialog("New family", width="large", on_dismiss=_dialog_closed)
def new_family() -> None:
    st.caption("Use a pseudonymous code and only the child's first name or initials.")
    with st.form("new_family", border=False):
        left, right = st.columns(2)
        code = left.text_input("Family code", value=suggest_family_code({s.code for s in everyone}),
                               max_chars=32, help="Letters, digits, '-' and '_'. Never a surname.")
        # Suggested from every code in the store, so it never collides with another guider's family.
        guider = right.text_input("Guider", value=account.display_name, max_chars=80)
        child = left.text_input("Child's first name or initials", max_chars=80)
        born = right.number_input("Child's year of birth", min_value=date.today().year - 25,
                                  max_value=date.today().year, value=date.today().year - 6, step=1)
        carers = []
        for n in (1, 2):
            name_col, role_col = st.columns([3, 2])
            name = name_col.text_input(f"Carer {n}" + (" (optional)" if n == 2 else ""), max_chars=80)
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


st.title("Caseload")
erased_note()
for damaged in problems(summaries):
    st.error(plain(damaged.problem), icon=":material/report:")

search_col, status_col, new_col = st.columns([4, 3, 2], vertical_alignment="bottom")
text = search_col.text_input("Search", placeholder="Code, child or guider", label_visibility="collapsed")
status = status_col.segmented_control("Status", ["active", "closed", "all"], default="active",
                                      format_func=sentence, label_visibility="collapsed")
if is_guider and new_col.button("New family", type="primary", icon=":material/add:", width="stretch"):
    st.session_state["new_family_open"] = True
if st.session_state.get("new_family_open"):
    new_family()

shown = search(summaries, text, None if status in (None, "all") else status)
if not summaries:
    st.info("No families yet. Choose **New family** to start the first VIG intervention." if is_guider else
            "None of the guiders you supervise has a family yet.", icon=":material/waving_hand:")
    if is_guider:
        demo_offer()
elif not shown:
    st.info("No family matches this search.", icon=":material/search_off:")
else:
    rows = [{"Code": s.code + (" · DEMO" if s.is_demo else ""), "Child": s.child, "Guider": s.guider,
             "Cycle": s.current_cycle, "Status": sentence(s.status), "Last activity": when(s.last_activity),
             **({"Supervisor viewing": "Your family" if s.guider_account == account.username else
                 "Consented" if s.supervisor_consent else "No consent"} if account.has(Role.SUPERVISOR) else {})}
            for s in shown]
    st.caption(f"{len(shown)} of {len(summaries)} families · select a row to open it")
    picked = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row",
                          key=f"caseload_table_{st.session_state.get('table_generation', 0)}", width="stretch")
    if picked.selection.rows:
        # A fresh key next time, so coming back to the caseload does not re-open this family.
        st.session_state["table_generation"] = st.session_state.get("table_generation", 0) + 1
        open_family(shown[picked.selection.rows[0]].code)

if is_guider:
    restore_panel()
