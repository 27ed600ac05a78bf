"""Audit log (admin): who signed in, viewed, exported, archived or erased which family, and when."""

import streamlit as st

from workbench.trust.audit import AuditEvent, entries, fingerprint, verify
from workbench.ui.widgets import sentence, when

st.title("Audit log")
st.caption("Every sign-in and sign-out, failed sign-in, family viewed, export, archive and restore, erasure, consent "
           "change, account and settings change, and wrong PIN. It holds family codes only: no notes and no names "
           "of children.")
check = verify()
if check.ok:
    st.success(f"Verified: all {check.lines} lines are whole, in their first order, and none was cut from the end "
               "(each is signed with a key kept outside the log, with the line before it).", icon=":material/verified:")
    st.caption(f"Now: {fingerprint()}. Summaries and supervision records carry the fingerprint of the moment they "
               "were made; a log that no longer reaches one was rewritten.")
else:
    st.error(f"Line {check.broken_at} of {check.lines} breaks the chain: {check.reason}. Lines after it cannot be "
             "trusted; keep a copy of the file for investigation.", icon=":material/gpp_bad:")
who_col, what_col, family_col = st.columns(3)
who = who_col.text_input("Who", max_chars=80, placeholder="User name")
what = what_col.selectbox("What", [None, *AuditEvent], format_func=lambda e: "Everything" if e is None else sentence(e))
family = family_col.text_input("Family code", max_chars=32)
found = entries(who=who, what=what.value if what else "", family=family.strip())
if not found:
    st.info("No entries match." if (who or what or family) else "The log is empty.", icon=":material/search_off:")
else:
    shown = found[:2000]
    st.caption(f"{len(found)} entries, newest first" + (" (the latest 2,000 shown)" if len(found) > 2000 else ""))
    st.dataframe([{"Line": e.line, "When": when(e.at), "Who": e.who, "What": sentence(e.what),
                   "Family": e.family or "—", "Detail": e.detail or "—"} for e in shown],
                 hide_index=True, width="stretch")
