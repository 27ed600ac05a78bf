"""Accounts (admin): who may sign in, in which roles, whom each supervisor supervises; families to assign."""

import streamlit as st

from workbench.core.caseload import Caseload, problems
from workbench.trust.access import assign, unassigned
from workbench.trust.accounts import Role, change_account, create_account, load_accounts, remove_account
from workbench.trust.audit import AuditEvent
from workbench.ui.restore import restore_panel
from workbench.ui.state import store
from workbench.ui.widgets import attempt, plain, sentence, show_flash

accounts = load_accounts()
guiders = [name for name, a in accounts.items() if a.has(Role.GUIDER)]


def changed(before, **after) -> str:
    """Which of an account's fields a change touches, in words for the audit log (never a password)."""
    return ", ".join(field for field, value in after.items() if value != getattr(before, field))


st.title("Accounts")
show_flash()
st.dataframe([{"User name": a.username, "Name": a.display_name, "Email": a.email or "—",
               "Roles": ", ".join(sentence(r) for r in a.roles), "Supervises": ", ".join(a.supervises) or "—"}
              for a in accounts.values()],
             hide_index=True, width="stretch")

add, edit, families = st.tabs(["Add an account", "Change an account", "Families without a guider"])
# A new form key after each account added: the form empties on success but keeps what was typed on an error.
with add, st.form(f"add_account_{st.session_state.get('accounts_added', 0)}"):
    rows = [st.columns(2) for _ in range(3)]  # a row per pair: Tab goes across, as the form reads
    username = rows[0][0].text_input("User name", max_chars=32)
    name = rows[0][1].text_input("Name", max_chars=80)
    email = rows[1][0].text_input("Email (for single sign-on)", max_chars=200)
    password = rows[1][1].text_input("First password", type="password", max_chars=200,
                                     help="At least 10 characters. Give it to them in person.")
    roles = rows[2][0].multiselect("Roles", list(Role), default=[], format_func=sentence,
                                   placeholder="Choose at least one")  # none until the administrator says
    supervises = rows[2][1].multiselect("Supervises (supervisors only)", guiders)
    if st.form_submit_button("Add the account", type="primary", icon=":material/person_add:"):
        def add_account():
            create_account(username, name, password, roles, email=email, supervises=supervises)
            st.session_state["accounts_added"] = st.session_state.get("accounts_added", 0) + 1

        new = username.strip().lower()
        if attempt(add_account, f"Account {new} added.",
                   (AuditEvent.ACCOUNT_CHANGE, "", f"created {new} ({', '.join(r.value for r in roles)})")):
            st.rerun()

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
            if st.form_submit_button("Save changes", type="primary"):
                what = changed(current, display_name=name, email=email.strip().lower(), roles=roles,
                               supervises=supervises)
                what = ", ".join(filter(None, [what, "password reset" if password else ""]))
                if attempt(lambda: change_account(chosen, display_name=name, email=email, roles=roles,
                                                  supervises=supervises, password=password or None),
                           f"Account {chosen} saved.",
                           (AuditEvent.ACCOUNT_CHANGE, "", f"changed {chosen}: {what or 'nothing'}")):
                    st.rerun()
        with st.popover("Remove this account", icon=":material/person_remove:"):
            st.write(f"Remove **{plain(current.display_name)}**? Their families stay, without a guider, "
                     "until you assign them.")
            if st.button("Remove the account", type="primary", key=f"remove_{chosen}"):
                if attempt(lambda: remove_account(chosen), f"Account {chosen} removed.",
                           (AuditEvent.ACCOUNT_CHANGE, "", f"removed {chosen}")):
                    st.rerun()

with families:
    restore_panel()
    summaries = Caseload(store()).summaries()
    orphans = unassigned(summaries, guiders)
    st.caption("Families made before accounts existed, restored from an archive, or whose guider's account was "
               "removed. Only their codes are shown here.")
    for damaged in problems(summaries):
        st.error(plain(damaged.problem), icon=":material/report:")
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
                if attempt(lambda: assign(store(), code, accounts[guider]), f"Family {code} now belongs to {guider}.",
                           (AuditEvent.ASSIGN, code, f"to {guider}")):
                    st.rerun()
