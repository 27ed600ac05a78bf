"""Supervision comments: the VIG supervisor's notes on the guider's work, beside the shared review."""

from __future__ import annotations

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.model import Family
from workbench.trust.access import add_supervision_comment, can_comment
from workbench.trust.accounts import load_accounts

from .state import current_account, store
from .widgets import flash, plain, problem, when


def supervision_panel(family: Family) -> None:
    commenting = can_comment(current_account(), family)
    if not family.supervision and not commenting:
        return
    st.header("Supervision", anchor=False)
    names = {name: account.display_name for name, account in load_accounts().items()}
    for comment in family.supervision:
        with st.container(border=True):
            st.caption(f"{plain(names.get(comment.by, comment.by))} · {when(comment.at)}")
            st.markdown(plain(comment.text))
    if commenting:
        with st.form(f"supervision_{family.code}", clear_on_submit=True):
            text = st.text_area("Your supervision comment", max_chars=20_000, height=120,
                                help="The guider sees it here, beside the shared review.")
            if st.form_submit_button("Add the comment", type="primary", icon=":material/rate_review:"):
                try:
                    add_supervision_comment(store(), family.code, current_account(), text)
                except WorkbenchError as error:
                    problem(error.message)
                else:
                    flash("Comment added")
                    st.rerun()
