"""My account: the signed-in person's own password, and a guider's PIN for leaving the shared screen."""

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.cycle.shared_screen import MIN_PIN, set_pin
from workbench.trust.accounts import Role, change_password
from workbench.trust.audit import AuditEvent
from workbench.ui.state import current_account
from workbench.ui.widgets import attempt, audit, plain, problem

account = current_account()
st.title("My account")
st.caption(f"Signed in as **{plain(account.display_name)}** ({plain(account.username)})")

if account.has(Role.GUIDER):
    st.header("Your PIN for the shared screen", anchor=False)
    st.write("Only this PIN takes the screen away from the carer's view back to your workbench. Choose one the "
             "carer will not see you type, and do not share it." + (" A PIN is set; a new one replaces it."
                                                                     if account.pin_hash else ""))
    if st.session_state.pop("pin_saved", False):  # said here, where it was saved, not on some later page
        st.success("Your PIN is saved. It closes the shared screen from now on.", icon=":material/check_circle:")
    with st.form("pin", clear_on_submit=True):
        pin = st.text_input(f"New PIN ({MIN_PIN} to 12 digits)", type="password", max_chars=12)
        again = st.text_input("The same PIN again", type="password", max_chars=12)
        if st.form_submit_button("Save my PIN", type="primary"):
            if pin != again:
                st.error("The two PINs differ. Please type them again.", icon=":material/error:")
            elif attempt(lambda: set_pin(account.username, pin), ""):
                audit(AuditEvent.ACCOUNT_CHANGE, "", detail=f"{account.username}: shared-screen PIN set")
                st.session_state["pin_saved"] = True
                st.rerun()

st.header("Your password", anchor=False)
with st.form("password", clear_on_submit=True):
    current = st.text_input("Current password", type="password", max_chars=200, autocomplete="current-password")
    new = st.text_input("New password", type="password", max_chars=200, autocomplete="new-password")
    again = st.text_input("New password again", type="password", max_chars=200, autocomplete="new-password")
    if st.form_submit_button("Change my password"):
        if new != again:
            st.error("The two new passwords differ. Please type them again.", icon=":material/error:")
        else:
            try:
                change_password(account.username, current, new)
            except WorkbenchError as error:
                problem(error.message)
            else:
                audit(AuditEvent.ACCOUNT_CHANGE, "", detail=f"{account.username}: own password changed")
                st.success("Your password is changed.", icon=":material/check_circle:")
