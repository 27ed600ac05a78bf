"""Which family is open: kept in the session and in the URL (?family=CODE) so a refresh keeps it."""

from __future__ import annotations

import streamlit as st

from workbench.core.codes import validate_family_code
from workbench.core.errors import InvalidInput
from workbench.core.store import FamilyStore
from workbench.cycle import shared_screen, stage
from workbench.model import Family
from workbench.trust.access import AccessDenied, edit_guard
from workbench.trust.accounts import Account, SharedScreenLock
from workbench.trust.audit import AuditEvent, record

from . import pages

FAMILY_PARAM = "family"
GOALS_PAGE = pages.GOALS.path
CASELOAD_PAGE = pages.CASELOAD.path


ACCOUNT = "_account"  # the signed-in Account, refreshed by the router on every run


def current_account() -> Account | None:
    return st.session_state.get(ACCOUNT)


def session_id() -> str:
    """This browser session's id, as Streamlit's server knows it ("" outside a script run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context else ""


def _no_one(family: Family) -> None:
    raise AccessDenied("Please sign in again: your session has ended.")


def store() -> FamilyStore:
    """The store under the configured data root, refusing any write the signed-in account may not make."""
    account = current_account()
    return FamilyStore(guard=edit_guard(account) if account else _no_one)


def current_family_code() -> str | None:
    """The open family's code: the shared screen's, else the URL's, else the session's; None if none or malformed."""
    lock = shared_lock()
    raw = lock.family if lock else (st.query_params.get(FAMILY_PARAM) or st.session_state.get(FAMILY_PARAM))
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
SHARED_PAGE = pages.SHARED.path
REVIEW_PAGE = pages.REVIEW.path
ACCOUNT_PAGE = pages.MY_ACCOUNT.path
_NEXT_PAGE = "_next_page"


def shared_lock() -> SharedScreenLock | None:
    """The shared screen the signed-in guider has open, if any: kept on the account, not in the URL or session."""
    account = current_account()
    return account.shared_screen if account else None


AUDIENCE = "_audience"  # this session shows the carer's screen of a two-screen review (and only ever that)


def shared_view(lock: SharedScreenLock) -> pages.PageSpec:
    """Which view of the open shared review this session shows: decided here, on the server, on every run."""
    if lock.screens == 1:
        return pages.SHARED
    if lock.presenter and lock.presenter == session_id() and not st.session_state.get(AUDIENCE):
        return pages.PRESENTER
    # Once the carer's screen of this review, always: it never becomes the guider's app, nor another review's.
    st.session_state.setdefault(AUDIENCE, stage.review_of(lock))
    return pages.AUDIENCE


def audience_over() -> bool:
    """True when this session was a carer's screen and the review it showed has ended: it must sign out."""
    lock = shared_lock()
    shown = st.session_state.get(AUDIENCE)
    return bool(shown) and (lock is None or lock.screens != 2 or stage.review_of(lock) != shown)


def enter_shared_screen(code: str, cycle_number: int, *, two_screens: bool = False) -> None:
    """Open the shared screen; on two screens, this session is the presenter view and every other the audience's."""
    store().authorize(code)  # only the family's own guider can put it on the carer's screen
    username = current_account().username
    shared_screen.open_screen(username, code, cycle_number, presenter=session_id() if two_screens else "")
    stage.start(username, code, cycle_number)
    how = "on two screens" if two_screens else "on one screen"
    record(username, AuditEvent.SHARED_SCREEN, code, detail=f"opened for cycle {cycle_number} {how}")
    st.session_state[FAMILY_PARAM] = code
    st.session_state.pop("_saved_message", None)  # no toast of the last save follows onto the carer's screen
    st.rerun()  # the router now serves only the shared screen (it is its default and only page)


def leave_shared_screen(code: str) -> None:
    """After the PIN closed the shared screen: the next run (with every page back) opens the Shared review page."""
    st.session_state[FAMILY_PARAM] = code
    st.session_state[_NEXT_PAGE] = REVIEW_PAGE
    st.rerun()


def follow_next_page() -> None:
    """Called by the router once its pages are registered: go where the last run asked to."""
    page = st.session_state.pop(_NEXT_PAGE, None)
    code = current_family_code()
    if page:
        st.switch_page(page, query_params={FAMILY_PARAM: code} if code else None)
