"""The consent section of the Goals step: the history, recording, withdrawing, and the offer to erase."""

from __future__ import annotations

from datetime import date

import streamlit as st

from workbench.care.consent import withdraw
from workbench.core.errors import WorkbenchError
from workbench.model import ConsentRole, ConsentScope, Family
from workbench.trust.audit import AuditEvent

from ..care.consent import add_consent
from .erasure import erase_control
from .state import CASELOAD_PAGE, store
from .widgets import audit, problem, read_only, save, sentence, when

_STOPPED = {
    ConsentScope.FILMING: "no new film can be added",
    ConsentScope.STORING: "the films should not be kept: erase the family below unless another basis applies",
    ConsentScope.SUPERVISOR_VIEWING: "the guider's supervisor can no longer open this family",
    ConsentScope.CARER_COPIES: "copies for the carer were deleted, and no new ones can be made",
    ConsentScope.TRAINING: "the films must not be used in training; every blurred training copy was deleted",
    ConsentScope.REVIEW_FILMING: "the shared-review films made for supervision, and their coding, were deleted",
    ConsentScope.REMOTE_REVIEW: "every invitation to watch on the carer's own device has ended, at once",
}


def consent_section(family: Family) -> None:
    st.header("Consent", anchor=False)
    if not family.has_consent(ConsentScope.FILMING):
        st.warning("No filming consent is recorded. Record it before any filming.", icon=":material/videocam_off:")
    if family.consents:
        st.dataframe(
            [{"Given by": c.given_by, "Role": sentence(c.role), "Given on": when(c.given_on),
              "Covers": ", ".join(s.value for s in c.covers),
              "Status": f"Withdrawn {when(c.withdrawn_on)}" if c.withdrawn_on else "In force"}
             for c in family.consents],
            hide_index=True, width="stretch")
    if read_only(family):
        return
    _withdrawal_offer(family)
    record_col, withdraw_col = st.columns(2)
    with record_col.expander("Record consent", icon=":material/add:", expanded=not family.consents):
        with st.form("add_consent", clear_on_submit=True, border=False):
            given_by = st.text_input("Given by", value=family.carers[0].name, max_chars=80)
            role = st.selectbox("Their role", list(ConsentRole), format_func=sentence)
            given_on = st.date_input("Date given", value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
            st.markdown("**Covers**")
            covers = [scope for scope in ConsentScope if st.checkbox(sentence(scope), key=f"covers_{scope.name}")]
            if st.form_submit_button("Record consent", type="primary"):
                if save(lambda f: add_consent(f, given_by, role, given_on, covers), "Consent recorded"):
                    audit(AuditEvent.CONSENT_CHANGE, family.code)
                    st.rerun()

    active = [c for c in family.consents if c.withdrawn_on is None]
    if active:
        with withdraw_col.expander("Withdraw a consent", icon=":material/block:"):
            with st.form("withdraw_consent", border=False):
                chosen = st.selectbox("Consent", active, format_func=lambda c: (
                    f"{c.given_by}, {when(c.given_on)}: {', '.join(s.value for s in c.covers)}"))
                withdrawn_on = st.date_input("Withdrawn on", value=date.today(), format="DD/MM/YYYY")
                note = st.text_input("Note (optional)", max_chars=300)
                if st.form_submit_button("Withdraw consent"):
                    try:
                        lost = withdraw(store(), family.code, chosen.id, withdrawn_on, note)
                    except WorkbenchError as error:
                        problem(error.message)
                    else:
                        audit(AuditEvent.CONSENT_CHANGE, family.code)
                        st.session_state[f"_withdrawn_{family.code}"] = [scope.value for scope in lost]
                        st.rerun()


def _withdrawal_offer(family: Family) -> None:
    """Straight after a withdrawal: what stopped, and the offer to erase everything of the family."""
    lost = st.session_state.get(f"_withdrawn_{family.code}")
    if lost is None:
        return
    with st.container(border=True):
        st.markdown("**Consent withdrawn.**")
        if lost:
            st.markdown("\n".join(f"- {sentence(ConsentScope(scope))}: {_STOPPED[ConsentScope(scope)]}."
                                  for scope in lost))
        else:
            st.markdown("Another consent in force still covers the same things, so nothing else has stopped.")
        st.caption("If the family wants everything erased now (records, films, clips, stills and exports), "
                   "erase it here. Otherwise it is erased when its retention period ends after closing.")
        erase_control(family.code, key=f"withdrawal_{family.code}", then=CASELOAD_PAGE)
        if st.button("Keep the family for now", key=f"keep_{family.code}"):
            del st.session_state[f"_withdrawn_{family.code}"]
            st.rerun()
