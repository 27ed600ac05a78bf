"""Caseload: which families need the guider this week and for what; every family, searchable; a new family."""

import streamlit as st

from workbench import Caseload
from workbench.care.agenda import agenda
from workbench.care.agenda import this_week as due_this_week
from workbench.core.caseload import problems, search
from workbench.core.settings import load_settings
from workbench.trust.access import may_follow, visible
from workbench.trust.accounts import Role
from workbench.ui import caseload as parts
from workbench.ui.demo import demo_offer
from workbench.ui.erasure import erased_note
from workbench.ui.restore import restore_panel
from workbench.ui.state import current_account, store
from workbench.ui.widgets import plain, sentence

account = current_account()
everyone = Caseload(store()).summaries()
summaries = visible(account, everyone)
is_guider = account.has(Role.GUIDER)
settings = load_settings(store().root)

st.title("Caseload")
erased_note()
for damaged in problems(summaries):
    st.error(plain(damaged.problem), icon=":material/report:")

search_col, status_col, ics_col, new_col = st.columns([4, 3, 2, 2], vertical_alignment="bottom")
text = search_col.text_input("Search", placeholder="Code, child or guider", label_visibility="collapsed")
status = status_col.segmented_control("Status", ["active", "closed", "all"], default="active",
                                      format_func=sentence, label_visibility="collapsed")
if is_guider:
    parts.calendar_feed(account, ics_col)
    if new_col.button("New family", type="primary", icon=":material/add:", width="stretch"):
        st.session_state["new_family_open"] = True
if st.session_state.get("new_family_open"):
    parts.new_family(account, {s.code for s in everyone})

if not summaries:
    st.info("No families yet. Choose **New family** to start the first VIG intervention." if is_guider else
            "None of the guiders you supervise has a family yet.", icon=":material/waving_hand:")
    if is_guider:
        demo_offer()
else:
    active = search(summaries, "", "active")
    shown = search(summaries, text, None if status in (None, "all") else status)
    # Lines only for the families on screen: a long history of closed ones costs nothing until asked for.
    needed = {s.code: s for s in (*active, *shown)}.values()
    lines = {line.code: line for line in agenda(needed, settings, follows=lambda s: may_follow(account, s))}
    parts.this_week(due_this_week(lines[s.code] for s in active))
    st.header("Families", anchor=False)
    if shown:
        parts.table([lines[s.code] for s in shown], len(summaries), account)
    else:
        st.info("No family matches this search.", icon=":material/search_off:")

if is_guider:
    restore_panel()
    if summaries:
        with st.expander("Explore a demo family", icon=":material/explore:"):
            demo_offer()
