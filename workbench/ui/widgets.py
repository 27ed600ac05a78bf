"""Widgets every page shares: the open family, its header, and saving with a plain message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import streamlit as st

from workbench.core.errors import FamilyNotFound, StoreUnreadable, WorkbenchError
from workbench.core.settings import load_settings
from workbench.cycle import review
from workbench.model import Family
from workbench.trust.access import AccessDenied, can_edit, check_view
from workbench.trust.audit import AuditEvent, record

from .state import CASELOAD_PAGE, current_account, current_family_code, store

_FLASH = "_saved_message"


def family_or_stop(code: str | None = None) -> Family:
    """The open family (or ``code``'s), or a friendly pointer back to the caseload (and the page stops)."""
    code = code or current_family_code()
    if code is None:
        st.info("Open a family from the caseload to work on this step.", icon=":material/info:")
        st.page_link(CASELOAD_PAGE, label="Go to the caseload", icon=":material/groups:")
        st.stop()
    account = current_account()
    try:
        family = store().load(code)
        check_view(account, family)
    except FamilyNotFound:
        # The same words as for another guider's family, so a typed code reveals nothing.
        _refuse(f"Family {code} is not on your caseload, or does not exist.")
    except AccessDenied as error:
        _refuse(error.message)
    except StoreUnreadable:
        _refuse(f"Family {code}'s records could not be read. An administrator can see why on the Accounts page; "
                "the file has been left untouched.")
    note_view(code)
    return family


def note_view(code: str) -> None:
    """Audit that the signed-in account sees the family: one line per person and family per session."""
    username = current_account().username
    viewed = st.session_state.setdefault("_viewed_families", set())
    if (username, code) not in viewed:
        audit(AuditEvent.VIEW_FAMILY, code)
        viewed.add((username, code))


def audit(event: AuditEvent, code: str = "", detail: str = "") -> None:
    """Record an event by the signed-in account in the audit log."""
    record(current_account().username, event, code, detail=detail)


@dataclass(frozen=True)
class Outcome:
    """What ``save`` or ``attempt`` did: true if it worked, with the change's or action's own result."""

    ok: bool
    result: object = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(action: Callable[[], object], done: str, audited: tuple[AuditEvent, str, str] | None = None) -> Outcome:
    """Run an action that is not a change to the open family (an account, a setting); say what happened.

    On success the event ``audited`` (event, family code, detail) is recorded and ``done`` is shown after the
    caller's ``st.rerun()``; on failure the reason is shown and a false Outcome returned, with what was typed kept.
    """
    try:
        result = action()
    except WorkbenchError as error:
        problem(error.message)
        return Outcome(False)
    if audited:
        audit(*audited)
    if done:
        flash(done)
    return Outcome(True, result)


def _refuse(message: str) -> None:
    problem(message)
    st.page_link(CASELOAD_PAGE, label="Back to the caseload", icon=":material/groups:")
    st.stop()


def read_only(family: Family) -> bool:
    """True when the signed-in account may read this family but not change it (its guider's supervisor)."""
    return not can_edit(current_account(), family)


READING = ("You are reading this family as its guider's VIG supervisor: any change is refused. Your supervision "
           "comments go on the Shared review page.")


def save(change: Callable[[Family], object], done: str | None = None) -> Outcome:
    """Apply ``change`` to the open family and save it; the Outcome holds what ``change`` returned.

    On failure the reason is shown and a false Outcome returned. The confirmation is shown after the
    caller's ``st.rerun()``, by the next page header.
    """
    code = current_family_code()
    if code is None:
        st.error("No family is open.")
        return Outcome(False)
    return attempt(lambda: store().update(code, change), done or "")


def flash(message: str) -> None:
    """A confirmation shown as a toast by the next page header, after the caller's ``st.rerun()``."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.toast(plain(message), icon=":material/check_circle:")


def problem(message: str) -> None:
    """Show why something could not be done; the sentence may hold typed text, so it is never read as markup."""
    st.error(plain(message), icon=":material/error:")


def plain(text: str) -> str:
    """Escape Markdown so typed words are shown exactly as typed, never as markup: the one helper for user text.

    Every label, caption, message or Markdown that can hold what someone typed (a goal, a film's name, a
    note, a name) goes through this, so ``![x](http://host/beacon.png)`` is shown, never fetched.
    """
    specials = "\\`*_{}[]<>()#+-.!|~$:"  # ":" too: it stops "http://" becoming a link, and ":red[...]" colour
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def when(value: date | datetime | str | None) -> str:
    """A date as a guider reads it: "24 Nov 2026", or "Today, 14:02" for a moment today."""
    if not value:
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        local = value.astimezone() if value.tzinfo else value
        if local.date() == date.today():
            return f"Today, {local:%H:%M}"
        value = local.date()
    return f"{value:%d %b %Y}"


def sentence(option: object) -> str:
    """An option's text with its first letter capitalised and the rest kept (so "VIG" stays "VIG")."""
    text = str(getattr(option, "value", option))
    return text[:1].upper() + text[1:]


def rating_input(label: str, value: int | None = None, where=st, key: str | None = None) -> int | None:
    """A 0-10 rating that looks unrated until someone sets it (None), so no one saves a rating never given."""
    return where.segmented_control(label, list(range(11)), default=value, key=key,
                                   help="0 = not at all, 10 = fully there. Leave it unset until the carer rates it.")


def cycle_picker(family: Family) -> int:
    """Which cycle this step works on: the current one unless the guider picks an earlier one."""
    numbers = [cycle.number for cycle in family.cycles]
    if len(numbers) == 1:
        return numbers[0]
    picked = st.segmented_control("Cycle", numbers, default=numbers[-1], format_func=lambda n: f"Cycle {n}",
                                  key=f"cycle_{family.code}")
    return picked or numbers[-1]


def lead_in_slider(family: Family, cycle_number: int, clip, where=st) -> bool:
    """The clip's own lead-in (what led up to the moment, played before it); True once a change is saved."""
    default_ms = load_settings(store().root).lead_in_s * 1000
    now_ms = clip.lead_in_ms if clip.lead_in_ms is not None else default_ms
    seconds = where.slider("Lead-in before the moment (seconds)", 0.0, 5.0, value=now_ms / 1000, step=0.5,
                           key=f"lead_{clip.id}", help="Played before the clip in the shared review, so the carer "
                           "sees what led up to the moment. The workbench's setting is "
                           f"{default_ms // 1000} s.")
    wanted = round(seconds * 1000)
    return wanted != now_ms and bool(save(lambda f: review.set_lead_in(f, cycle_number, clip.id, wanted),
                                          "Lead-in saved"))
