"""Erasing a family from the app: one confirmation step, shared by the retention page and consent withdrawal."""

from __future__ import annotations

import streamlit as st

from workbench.care.retention import erase_family
from workbench.core.errors import WorkbenchError
from workbench.trust.audit import AuditEvent

from .state import FAMILY_PARAM, store
from .widgets import audit, problem

ERASED = "_erased_message"


def erase_control(code: str, key: str, then: str | None = None) -> None:
    """Typing the family's code arms the button, so a stray click can never erase anything.

    ``then`` is the page to go to afterwards.
    """
    typed = st.text_input(f"To confirm, type the family code {code}", key=f"{key}_confirm", max_chars=32)
    armed = typed.strip().upper() == code
    if st.button(f"Erase family {code} for good", type="primary", icon=":material/delete_forever:",
                 disabled=not armed, key=f"{key}_erase"):
        try:
            erase_family(store(), code)
        except WorkbenchError as error:
            problem(error.message)
            return
        audit(AuditEvent.ERASE, code)
        st.session_state.pop(FAMILY_PARAM, None)
        st.query_params.pop(FAMILY_PARAM, None)
        st.session_state[ERASED] = (f"Family {code} was erased: its records, films, clips, stills and exports "
                                    "are gone from this computer.")
        if then:
            st.switch_page(then)
        st.rerun()


def erased_note() -> None:
    if message := st.session_state.pop(ERASED, None):
        st.success(message, icon=":material/delete_forever:")
