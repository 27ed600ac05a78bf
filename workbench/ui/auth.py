"""Signing in: the first administrator, local passwords or single sign-on (st.login), and the idle timeout."""

from __future__ import annotations

import time

import streamlit as st
from filelock import Timeout

from workbench.core.errors import WorkbenchError
from workbench.core.settings import load_settings
from workbench.cycle import stage
from workbench.trust import links, tickets
from workbench.trust.accounts import (
    Account,
    Role,
    SignInRefused,
    by_email,
    create_account,
    load_accounts,
    needs_first_admin,
    sign_in,
)
from workbench.trust.audit import AuditEvent, record

from .media import this_browser
from .state import ACCOUNT, AUDIENCE, session_id
from .uploads import sending_at
from .widgets import plain, problem

USERNAME = "signed_in_as"  # only the name is kept; the account is re-read on every run
LAST_ACTIVE = "last_active"
NOTE = "sign_in_note"
TICKET_PARAM = "screen"
UNAVAILABLE = ("The workbench cannot sign anyone in just now: its disk may be full or it is very busy. Nothing "
               "was lost. Try again in a minute, and tell your administrator if this goes on.")


def single_sign_on() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section: sign-in goes through the organisation's OIDC."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


IDLE_CHECK_MIN_S = 5.0


def _idle_limit_s() -> float:
    return load_settings().idle_minutes * 60


def _idle() -> bool:
    last = st.session_state.get(LAST_ACTIVE)
    if last is not None and st.session_state.get(AUDIENCE):
        # Nobody touches the carer's screen: it is as active as the guider's cue it follows.
        last = max(last, stage.last_change(st.session_state.get(USERNAME, "")))
    if last is not None:
        last = max(last, sending_at(session_id()))  # a film still going up counts as the guider's activity
    return last is not None and time.time() - last > _idle_limit_s()


def signed_in_account() -> Account | None:
    """The signed-in account, re-read so a removed account or a changed role takes effect at once.

    Called by the router on every run; an idle session is ended here.
    """
    name = st.session_state.get(USERNAME)
    account = load_accounts().get(name) if name else None
    if account is not None and _idle():
        sign_out(f"You were signed out after {load_settings().idle_minutes} minutes without activity.")
        account = None
    if account is None:
        st.session_state.pop(USERNAME, None)
        st.session_state.pop(ACCOUNT, None)
        links.signed_out(session_id())
        return None
    links.signed_in(session_id(), account.username)
    st.session_state[ACCOUNT] = account
    st.session_state[LAST_ACTIVE] = time.time()
    return account


def open_audience_window() -> None:
    """A new window opened from the presenter view with its one-time ticket: signed in as the carer's screen.

    The ticket works once, for two minutes, in the browser it was made for, and only while the review it was
    made for is still open on two screens; the window can then only ever show the carer's screen.
    """
    ticket = st.query_params.get(TICKET_PARAM)
    if not ticket:
        return
    del st.query_params[TICKET_PARAM]
    if st.session_state.get(USERNAME):
        return
    held = tickets.redeem_ticket(ticket, browser=this_browser())
    account = load_accounts().get(held[0]) if held else None
    if (held is None or account is None or account.shared_screen is None or account.shared_screen.screens != 2
            or stage.review_of(account.shared_screen) != held[1]):  # made for a review since ended
        st.session_state[NOTE] = "That link to the carer's screen has been used or has expired. Sign in here."
        return
    try:
        record(account.username, AuditEvent.LOGIN, account.shared_screen.family, detail="the carer's screen")
    except (OSError, WorkbenchError, Timeout):
        st.session_state[NOTE] = UNAVAILABLE  # no sign-in that the audit log cannot record
        return
    st.session_state.clear()
    st.session_state[USERNAME] = account.username
    st.session_state[LAST_ACTIVE] = time.time()
    st.session_state[AUDIENCE] = stage.review_of(account.shared_screen)


def _start(account: Account) -> None:
    try:
        record(account.username, AuditEvent.LOGIN)
    except (OSError, WorkbenchError, Timeout):
        st.error(UNAVAILABLE, icon=":material/error:")  # no sign-in that the audit log cannot record
        return
    st.session_state.clear()  # nothing of an earlier person's session carries over
    st.session_state[USERNAME] = account.username
    st.session_state[LAST_ACTIVE] = time.time()
    st.rerun()


def sign_out(note: str = "") -> None:
    """End the session: every key of it goes (the open family, what was viewed, links), not just the name."""
    who = st.session_state.get(USERNAME)
    if who:
        try:
            record(who, AuditEvent.LOGOUT)
        except (OSError, WorkbenchError, Timeout):
            pass  # signing out must always work
    st.session_state.clear()
    links.signed_out(session_id())
    if note:
        st.session_state[NOTE] = note
    if single_sign_on() and st.user.is_logged_in:
        st.logout()  # otherwise the identity cookie would sign the same person straight back in


def idle_watch() -> None:
    """End an idle session even if nobody touches the screen (it then shows the sign-in).

    One timed run, due just after the idle limit; every full run sets it afresh. A timed run every
    minute would also do, but each one is a run a click could meet head-on on a busy machine.
    """
    last = st.session_state.get(LAST_ACTIVE) or time.time()
    due_s = max(IDLE_CHECK_MIN_S, last + _idle_limit_s() - time.time() + 1)
    st.fragment(_end_if_idle, run_every=due_s)()


def _end_if_idle() -> None:
    if _idle():
        st.rerun(scope="app")


def sign_in_page() -> None:
    """The page shown to anyone not signed in: it never shows anything of any family."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("VIG workbench")
        if note := st.session_state.pop(NOTE, None):
            st.info(note, icon=":material/lock:")
        if needs_first_admin():
            _first_admin()
        elif single_sign_on():
            _organisation_sign_in()
        else:
            _password_sign_in()


def _password_sign_in() -> None:
    with st.form("sign_in"):
        st.header("Sign in", anchor=False)
        username = st.text_input("User name", max_chars=32, autocomplete="username")
        password = st.text_input("Password", type="password", max_chars=200, autocomplete="current-password")
        if st.form_submit_button("Sign in", type="primary", icon=":material/login:"):
            try:
                account = sign_in(username, password, client=_client())
            except SignInRefused as error:
                _failed(username)
                problem(error.message)
            except (OSError, WorkbenchError, Timeout):
                st.error(UNAVAILABLE, icon=":material/error:")
            else:
                _start(account)


def _client() -> str:
    """Who is knocking, for the back-off: the browser's address as the server sees it."""
    try:
        address = st.context.ip_address
    except Exception:  # outside a real server
        address = None
    return address if isinstance(address, str) and address else "local"  # AppTest has no real client


def _failed(typed: str) -> None:
    """Log a failed sign-in by a real account's name only: a password typed into the name box never reaches it."""
    name = typed.strip().lower()
    try:
        record(name if name in load_accounts() else "(unknown name)", AuditEvent.LOGIN_FAILURE)
    except (OSError, WorkbenchError, Timeout):
        pass


def _organisation_sign_in() -> None:
    st.header("Sign in", anchor=False)
    if not st.user.is_logged_in:
        st.button("Sign in with your organisation's account", type="primary", icon=":material/login:",
                  on_click=st.login)
        return
    email = str(st.user.get("email") or "")
    account = by_email(email)
    if account is None:
        record(email or "(no email)", AuditEvent.LOGIN_FAILURE)
        st.error(f"No workbench account uses {plain(email) or 'this identity'}. Ask an administrator to add it.",
                 icon=":material/error:")
        st.button("Sign out", on_click=st.logout)
        return
    _start(account)


def _first_admin() -> None:
    st.write("Welcome. There are no accounts yet: create the administrator first. The administrator manages "
             "accounts, settings and retention, and sees no family's content unless also a guider.")
    with st.form("first_admin"):
        st.header("Create the administrator", anchor=False)
        # One row of columns per pair, so Tab goes across each row as it reads, not down one column first.
        left, right = st.columns(2)
        username = left.text_input("User name", max_chars=32, autocomplete="username")
        name = right.text_input("Name", max_chars=80)
        email = st.text_input("Email (for single sign-on, optional)", max_chars=200)
        left, right = st.columns(2)
        password = left.text_input("Password", type="password", max_chars=200, autocomplete="new-password")
        again = right.text_input("Password again", type="password", max_chars=200, autocomplete="new-password")
        guider = st.checkbox("I am also a guider, with families of my own", value=True)
        if st.form_submit_button("Create the administrator", type="primary", icon=":material/person_add:"):
            if password != again:
                st.error("The two passwords differ. Please type them again.", icon=":material/error:")
                return
            roles = [Role.ADMIN, *([Role.GUIDER] if guider else [])]
            try:
                account = create_account(username, name, password, roles, email=email, first=True)
            except WorkbenchError as error:
                problem(error.message)
            else:
                _start(account)
