"""Which family is open: kept in the session and in the URL (?family=CODE) so a refresh keeps it."""

from __future__ import annotations

import streamlit as st

from workbench.access import AccessDenied, edit_guard
from workbench.accounts import Account
from workbench.codes import validate_family_code
from workbench.errors import InvalidInput
from workbench.model import Family
from workbench.store import FamilyStore

FAMILY_PARAM = "family"
GOALS_PAGE = "pages/goals.py"
CASELOAD_PAGE = "pages/caseload.py"


ACCOUNT = "_account"  # the signed-in Account, refreshed by the router on every run


def current_account() -> Account | None:
    return st.session_state.get(ACCOUNT)


def _no_one(family: Family) -> None:
    raise AccessDenied("Please sign in again: your session has ended.")


def store() -> FamilyStore:
    """The store under the configured data root, refusing any write the signed-in account may not make."""
    account = current_account()
    return FamilyStore(guard=edit_guard(account) if account else _no_one)


def current_family_code() -> str | None:
    """The open family's code from the URL, else from the session; None if none or malformed."""
    raw = st.query_params.get(FAMILY_PARAM) or st.session_state.get(FAMILY_PARAM)
    if not raw:
        return None
    try:
        return validate_family_code(raw)
    except InvalidInput:
        return None


def keep_family_in_url() -> None:
    """Called by the router on every run: navigating between pages drops query params."""
    code = current_family_code()
    if code is None:
        st.session_state.pop(FAMILY_PARAM, None)
        if FAMILY_PARAM in st.query_params:
            del st.query_params[FAMILY_PARAM]
        return
    st.session_state[FAMILY_PARAM] = code
    if st.query_params.get(FAMILY_PARAM) != code:
        st.query_params[FAMILY_PARAM] = code


def open_family(code: str, page: str = GOALS_PAGE) -> None:
    st.session_state[FAMILY_PARAM] = code
    st.switch_page(page, query_params={FAMILY_PARAM: code})


# -- The shared screen ------------------------------------------------------------
SCREEN_PARAM = "screen"
SHARED = "shared"
CYCLE_PARAM = "cycle"
SHARED_PAGE = "pages/shared_screen.py"
REVIEW_PAGE = "pages/review.py"


def in_shared_screen() -> bool:
    """True while the guider and carer are on the shared screen; the URL keeps it through a refresh."""
    return st.query_params.get(SCREEN_PARAM) == SHARED and current_family_code() is not None


def shared_cycle() -> int:
    raw = st.query_params.get(CYCLE_PARAM, "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def enter_shared_screen(code: str, cycle_number: int) -> None:
    st.session_state[FAMILY_PARAM] = code
    st.session_state["shared_index"] = 0
    st.switch_page(SHARED_PAGE, query_params={FAMILY_PARAM: code, SCREEN_PARAM: SHARED, CYCLE_PARAM: str(cycle_number)})


def leave_shared_screen(code: str) -> None:
    st.switch_page(REVIEW_PAGE, query_params={FAMILY_PARAM: code})
