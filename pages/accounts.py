"""Accounts (admin): who may sign in, in which roles, whom each supervisor supervises; families to assign."""

import streamlit as st

from workbench.access import assign, unassigned
from workbench.accounts import Role, change_account, create_account, load_accounts, remove_account
from workbench.caseload import Caseload, problems
from workbench.errors import WorkbenchError
from workbench.ui.state import store
from workbench.ui.widgets import sentence, when

accounts = load_accounts()
guiders = [name for name, a in accounts.items() if a.has(Role.GUIDER)]


def done(message: str) -> None:
    st.session_state["accounts_saved"] = message
    st.rerun()


def attempt(action, message: str) -> None:
    try:
        action()
    except WorkbenchError as error:
        st.error(error.message, icon=":material/error:")
    else:
        done(message)


st.title("Accounts")
if saved := st.session_state.pop("accounts_saved", None):
    st.success(saved, icon=":material/check_circle:")
st.dataframe([{"User name": a.username, "Name": a.display_name, "Email": a.email or "—",
               "Roles": ", ".join(sentence(r) for r in a.roles), "Supervises": ", ".join(a.supervises) or "—",
               "Locked until": when(a.locked_until) if a.locked_until else "—"} for a in accounts.values()],
             hide_index=True, width="stretch")

add, edit, families = st.tabs(["Add an account", "Change an account", "Families without a guider"])
# A new form key after each account added: the form empties on success but keeps what was typed on an error.
with add, st.form(f"add_account_{st.session_state.get('accounts_added', 0)}"):
    left, right = st.columns(2)
    username = left.text_input("User name", max_chars=32)
    name = right.text_input("Name", max_chars=80)
    email = left.text_input("Email (for single sign-on)", max_chars=200)
    password = right.text_input("First password", type="password", max_chars=200,
                                help="At least 10 characters. Give it to them in person.")
    roles = left.multiselect("Roles", list(Role), default=[Role.GUIDER], format_func=sentence)
    supervises = right.multiselect("Supervises (supervisors only)", guiders)
    if st.form_submit_button("Add the account", type="primary", icon=":material/person_add:"):
        def add_account():
            create_account(username, name, password, roles, email=email, supervises=supervises)
            st.session_state["accounts_added"] = st.session_state.get("accounts_added", 0) + 1

        attempt(add_account, f"Account {username.strip().lower()} added.")

with edit:
    chosen = st.selectbox("Account", list(accounts), format_func=lambda n: f"{accounts[n].display_name} ({n})")
    if chosen:
        current = accounts[chosen]
        with st.form(f"edit_{chosen}"):
            left, right = st.columns(2)
            name = left.text_input("Name", value=current.display_name, max_chars=80)
            email = right.text_input("Email (for single sign-on)", value=current.email, max_chars=200)
            roles = left.multiselect("Roles", list(Role), default=current.roles, format_func=sentence)
            supervises = right.multiselect("Supervises (supervisors only)", [g for g in guiders if g != chosen],
                                           default=[g for g in current.supervises if g in guiders and g != chosen])
            password = left.text_input("New password (leave empty to keep it)", type="password", max_chars=200)
            unlock = right.checkbox("Lift a lockout", value=bool(current.locked_until))
            if st.form_submit_button("Save changes", type="primary"):
                attempt(lambda: change_account(chosen, display_name=name, email=email, roles=roles,
                                               supervises=supervises, password=password or None, unlock=unlock),
                        f"Account {chosen} saved.")
        with st.popover("Remove this account", icon=":material/person_remove:"):
            st.write(f"Remove **{current.display_name}**? Their families stay, without a guider, "
                     "until you assign them.")
            if st.button("Remove the account", type="primary", key=f"remove_{chosen}"):
                attempt(lambda: remove_account(chosen), f"Account {chosen} removed.")

with families:
    summaries = Caseload(store()).summaries()
    orphans = unassigned(summaries, guiders)
    st.caption("Families made before accounts existed, restored from an archive, or whose guider's account was "
               "removed. Only their codes are shown here.")
    for problem in problems(summaries):
        st.error(problem.problem, icon=":material/report:")
    if not orphans:
        st.info("Every family has a guider.", icon=":material/check_circle:")
    elif not guiders:
        st.warning("Add a guider account first.", icon=":material/person_add:")
    else:
        with st.form("assign"):
            left, right = st.columns(2)
            code = left.selectbox("Family", [s.code for s in orphans])
            guider = right.selectbox("Give it to", guiders, format_func=lambda n: accounts[n].display_name)
            if st.form_submit_button("Assign", type="primary"):
                attempt(lambda: assign(store(), code, accounts[guider]), f"Family {code} now belongs to {guider}.")
