"""Supervision and accreditation: a trainee guider's progress through the stages, and their supervision log."""

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.supervision.log import standing
from workbench.ui import accreditation as panels
from workbench.ui.state import current_account
from workbench.ui.widgets import problem

account = current_account()
st.title("Supervision and accreditation")
guider = panels.whose(account)
if guider is None:
    st.info("This page is for guiders in training and their VIG supervisors.", icon=":material/school:")
    st.stop()
own = guider == account.username
try:
    log, progress = standing(account, guider, audited=panels.first_view(account, guider))
except WorkbenchError as error:  # a supervisor taken off this guider since the page was drawn
    problem(error.message)
    st.stop()

panels.progress_panel(progress, own, sum(s.minutes for s in log.sessions) / 60)
panels.portfolio_downloads(account, guider)
st.header(f"Supervision sessions ({len(log.sessions)})", anchor=False)
if not own:
    panels.session_form(account, guider, progress)
if not log.sessions:
    st.caption("No session recorded yet. " + ("Your supervisor records each session here; you add your reflection."
                                              if own else "Record the first one above."))
for session in reversed(log.sessions):
    panels.session_card(session, account, guider)
if own:
    panels.statement_form(account, log)
