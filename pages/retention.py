"""Retention (admin): closed families due for erasure, and erasing them after a confirmation."""

import streamlit as st

from workbench.care.retention import retention_schedule
from workbench.core.settings import load_settings
from workbench.jobs.board import families_due
from workbench.ui.erasure import erase_control, erased_note
from workbench.ui.state import store
from workbench.ui.widgets import when

st.title("Retention")
erased_note()
days = load_settings(store().root).retention_days
st.caption(f"Families are due for erasure {days} days after they are closed, as the consent forms promise. "
           "Change the period in Settings.")
if checked := families_due(store().root):
    st.caption(f"The job queue checks every hour and lists what is due here and in the menu; it never erases "
               f"on its own. Last checked {checked[0].astimezone():%d/%m/%Y %H:%M}.")
schedule = retention_schedule(store())
due = [entry for entry in schedule if entry.is_due()]
if not schedule:
    st.info("No family is closed, so nothing is due for erasure.", icon=":material/check_circle:")
else:
    st.dataframe([{"Family": e.code, "Closed": when(e.closed_on), "Due for erasure": when(e.due_on),
                   "Status": "Due now" if e in due else "Not yet"} for e in schedule], hide_index=True,
                 width="stretch")
if due:
    st.header(f"{len(due)} due now", anchor=False)
    code = st.selectbox("Family to erase", [e.code for e in due])
    st.warning("Erasing removes everything of this family from this computer: its records, original and "
               "prepared films, clips, stills, filmstrip, summaries and archives. It cannot be undone.",
               icon=":material/warning:")
    erase_control(code, key="retention")
elif schedule:
    st.success("Nothing is due yet.", icon=":material/check_circle:")
