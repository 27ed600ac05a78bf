"""The shared screen as a state of the guider's account: entered by choice, left only with their own PIN.

While a guider's shared screen is open, every session signed in as them shows
the shared screen and nothing else, whatever the address bar or the browser's
history says; a refresh asks for a sign-in and then still shows only the shared
screen. Each guider sets their own PIN (at least six digits); wrong PINs are
counted on the account, so a refresh cannot reset them, and each one past the
third makes the next try wait longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core.codes import validate_family_code
from ..core.errors import InvalidInput
from ..trust.accounts import Account, SharedScreenLock, change_accounts
from ..trust.hashing import hash_secret, matches

MIN_PIN, MAX_PIN = 6, 12
FREE_TRIES = 3
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)


@dataclass(frozen=True)
class Leaving:
    """What a PIN typed to leave the shared screen did."""

    left: bool
    wait_s: int = 0  # seconds before another try is taken (0: try again now)


def set_pin(username: str, pin: str, root: Path | None = None) -> None:
    """Set the guider's own PIN for leaving the shared screen (kept only as an Argon2id hash)."""
    if not (pin.isdigit() and MIN_PIN <= len(pin) <= MAX_PIN) or len(set(pin)) == 1:
        raise InvalidInput(f"The PIN must be {MIN_PIN} to {MAX_PIN} digits, not all the same.")
    hashed = hash_secret(pin)

    def apply(accounts: dict[str, Account]) -> None:
        account = _known(accounts, username)
        account.pin_hash, account.pin_failures, account.pin_wait_until = hashed, 0, None

    change_accounts(apply, root)


def open_screen(username: str, code: str, cycle: int, root: Path | None = None, *, presenter: str = "",
                ) -> SharedScreenLock:
    """Enter the shared screen for this family's cycle; needs a PIN to have been set.

    With ``presenter`` (a session id), the review is on two screens: that session shows the presenter view and
    every other session signed in as the guider shows the audience view.
    """
    code = validate_family_code(code)

    def apply(accounts: dict[str, Account]) -> SharedScreenLock:
        account = _known(accounts, username)
        if not account.pin_hash:
            raise InvalidInput("Set your PIN first (My account): leaving the shared screen needs it.")
        account.shared_screen = SharedScreenLock(family=code, cycle=cycle, since=datetime.now(UTC),
                                                 screens=2 if presenter else 1, presenter=presenter)
        return account.shared_screen

    return change_accounts(apply, root)


def leave(username: str, pin: str, *, now: datetime | None = None, root: Path | None = None) -> Leaving:
    """Leave the shared screen if ``pin`` is the guider's; otherwise count the try and say how long to wait."""

    def left(account: Account) -> None:
        account.shared_screen = None

    return _with_pin(username, pin, left, now, root)


def claim_presenter(username: str, session: str, pin: str, *, now: datetime | None = None,
                    root: Path | None = None) -> Leaving:
    """Make ``session`` the presenter view of an open two-screen review (after a reload), with the guider's PIN."""

    def claimed(account: Account) -> None:
        lock = account.shared_screen
        if lock is None or lock.screens != 2:
            raise InvalidInput("The shared review is not on two screens any more.")
        account.shared_screen = lock.model_copy(update={"presenter": session})

    return _with_pin(username, pin, claimed, now, root)


def _with_pin(username: str, pin: str, then, now: datetime | None, root: Path | None) -> Leaving:
    """Do ``then(account)`` if ``pin`` is the guider's; otherwise count the try and say how long to wait."""
    now = now or datetime.now(UTC)

    def apply(accounts: dict[str, Account]) -> Leaving:
        account = _known(accounts, username)
        if account.pin_wait_until and now < account.pin_wait_until:
            return Leaving(False, _seconds(account.pin_wait_until - now))
        if matches(account.pin_hash, pin):
            then(account)
            account.pin_failures, account.pin_wait_until = 0, None
            return Leaving(True)
        account.pin_failures += 1
        if account.pin_failures >= FREE_TRIES:
            wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (account.pin_failures - FREE_TRIES))
            account.pin_wait_until = now + wait
            return Leaving(False, _seconds(wait))
        return Leaving(False)

    return change_accounts(apply, root)


def _seconds(wait: timedelta) -> int:
    return max(1, int(wait.total_seconds() + 0.999))


def _known(accounts: dict[str, Account], username: str) -> Account:
    account = accounts.get(username)
    if account is None:
        raise InvalidInput("Please sign in again: your account is no longer there.")
    return account
