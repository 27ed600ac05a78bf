"""Inviting the carer to watch on their own device: the link to send, the code to read out, and its end."""

from __future__ import annotations

from datetime import date

import streamlit as st

from workbench.care.agenda import session_words
from workbench.core.errors import WorkbenchError
from workbench.cycle import invitations
from workbench.model import ConsentScope, Family, Invitation

from .state import current_account, store
from .widgets import flash, plain, problem

LINKS = "_carer_links"  # the links made in this session, by invitation: the family keeps only their hashes


def invite_panel(family: Family) -> None:
    st.subheader("With the carer at a distance", anchor=False)
    if not family.has_consent(ConsentScope.REMOTE_REVIEW):
        st.caption("To watch together with the carer on their own phone, tablet or computer, record their consent "
                   "to that on the Goals step first.")
        return
    for invitation in invitations.live(family):
        standing(family, invitation)
    sessions = invitations.sessions_to_invite(family)
    if not sessions:
        st.caption("Book the shared review first (Next session, at the top of the page); then make the carer's "
                   "link to it here.")
        return
    with st.form("invite_carer", border=True):
        session_col, carer_col = st.columns(2)
        session = session_col.selectbox("The review", sessions, format_func=lambda s: session_words(s, date.today()))
        carer = carer_col.selectbox("For", [c.name for c in family.carers])
        if st.form_submit_button("Make the carer's link", icon=":material/add_link:"):
            try:
                made = invitations.invite(store(), current_account().username, family.code, session.id, carer)
            except WorkbenchError as error:
                problem(error.message)
                return
            st.session_state.setdefault(LINKS, {})[made.invitation.id] = made.link(
                invitations.site_of(st.context.url or ""))
            flash("Link made: send it to the carer")
            st.rerun()


def standing(family: Family, invitation: Invitation, *, presenter: bool = False) -> None:
    """One invitation: its link while this session holds it, its state, the code once it opens, and its end."""
    with st.container(border=True):
        st.markdown(f"**{plain(invitation.carer)}** · {plain(invitations.status(invitation))}")
        link = st.session_state.get(LINKS, {}).get(invitation.id)
        if link and not presenter:
            st.caption("Send this link to the carer by text or email. It opens fifteen minutes before the review, "
                       "on the first device that opens it, and shows nothing until they type the code you read "
                       "them on the phone. It is shown here only now.")
            st.code(link, language=None)
        if not invitation.admitted and invitations.opened(invitation):
            code = invitations.code_for(invitation.id)
            st.markdown(f"Code to read to {plain(invitation.first_name)}: "
                        f'<span class="vig-carer-code">{code[:3]} {code[3:]}</span>', unsafe_allow_html=True)
        if st.button("End this link", key=f"end_{invitation.id}", icon=":material/link_off:",
                     help="The carer's page shows that the review has ended; the link opens nothing again."):
            invitations.end(store(), current_account().username, family.code, invitation.id)
            st.rerun()


def carer_status(family: Family, cycle_number: int) -> None:
    """On the presenter view: the carer at a distance, if one is invited. Until they have joined it looks again
    every few seconds; from then on it asks nothing of the server, so the review itself runs with no timer."""
    invited = [i for i in invitations.live(family) if i.cycle == cycle_number]
    if all(i.admitted for i in invited):
        for invitation in invited:
            standing(family, invitation, presenter=True)
        return

    @st.fragment(run_every=3)
    def status() -> None:
        fresh = store().load(family.code)
        mine = [i for i in invitations.live(fresh) if i.cycle == cycle_number]
        if all(i.admitted for i in mine):
            st.rerun(scope="app")  # joined: the whole view again, without this timer
        for invitation in mine:
            standing(fresh, invitation, presenter=True)

    status()
