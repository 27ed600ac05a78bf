"""Local accounts: who may sign in, in which roles, with Argon2id password hashes and a per-client back-off.

Accounts live in one crash-safe JSON file at the data root, changed under a
lock. Passwords are never stored, only Argon2id hashes (memory-hard). Wrong
passwords slow down the computer they come from, never the account itself.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..core.config import SUPERVISION, data_root
from ..core.errors import InvalidInput, WorkbenchError
from ..core.storages import atomic_write_json, make_dirs, private_lock
from ..core.validation import explain
from .hashing import hash_secret, matches, outdated

ACCOUNTS_FILE = "accounts.json"
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")

T = TypeVar("T")


class Role(StrEnum):
    GUIDER = "guider"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class SignInRefused(WorkbenchError):
    """Wrong name or password, or a locked account; the message never says which name exists."""


class SharedScreenLock(BaseModel):
    """The shared screen a guider has open: every session of theirs shows it until their PIN closes it."""

    model_config = ConfigDict(extra="forbid")

    family: str
    cycle: int = Field(ge=1)
    since: datetime
    screens: int = Field(default=1, ge=1, le=2)  # 2: a presenter view on the laptop, an audience view on the TV
    presenter: str = ""  # the one session showing the presenter view; every other session shows the audience view


class Account(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    username: str = Field(title="User name")
    display_name: str = Field(min_length=1, max_length=80, title="Name")
    email: str = Field(default="", max_length=200, title="Email")  # matches st.user.email for single sign-on
    roles: list[Role] = Field(min_length=1, title="Roles")
    supervises: list[str] = Field(default_factory=list)  # usernames of the guiders a supervisor supervises
    password_hash: str = ""
    failures: int = 0  # no longer used (accounts are never locked); kept so older files still load
    locked_until: datetime | None = None  # likewise
    pin_hash: str = ""  # the guider's own PIN for leaving the shared screen, as an Argon2id hash
    pin_failures: int = 0
    pin_wait_until: datetime | None = None
    shared_screen: SharedScreenLock | None = None

    @field_validator("username")
    @classmethod
    def _plain_username(cls, value: str) -> str:
        value = value.strip().lower()
        if not _USERNAME.match(value):
            raise ValueError("A user name is 2 to 32 letters, digits, '.', '-' or '_', "
                             "starting with a letter or digit.")
        return value

    def has(self, role: Role) -> bool:
        return role in self.roles


def accounts_path(root: Path | None = None) -> Path:
    return (root or data_root()) / ACCOUNTS_FILE


def load_accounts(root: Path | None = None) -> dict[str, Account]:
    try:
        raw = json.loads(accounts_path(root).read_bytes())
    except FileNotFoundError:
        return {}
    return {name: Account.model_validate(doc) for name, doc in raw["accounts"].items()}


def _change(root: Path | None, change: Callable[[dict[str, Account]], T]) -> T:
    path = accounts_path(root)
    make_dirs(path.parent)
    with private_lock(path.with_suffix(".lock"), timeout=15):
        accounts = load_accounts(root)
        result = change(accounts)
        atomic_write_json(path, {"version": 1, "accounts": {n: a.model_dump(mode="json") for n, a in accounts.items()}})
    return result


def change_accounts(change: Callable[[dict[str, Account]], T], root: Path | None = None) -> T:
    """Apply ``change`` to the accounts under their lock and save them (for services beside this module)."""
    return _change(root, change)


def needs_first_admin(root: Path | None = None) -> bool:
    return not load_accounts(root)


NO_ROLE = "Choose at least one role: guider, supervisor or administrator."


def _check_roles(roles) -> None:
    if not roles:
        raise InvalidInput(NO_ROLE)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters; "
                           "a short phrase is easiest to remember.")


def create_account(username: str, display_name: str, password: str, roles: list[Role | str], *,
                   email: str = "", supervises: list[str] | None = None, first: bool = False,
                   root: Path | None = None) -> Account:
    """A new account; with ``first``, only if there are none yet (two first-run forms cannot both make one)."""
    _check_roles(roles)
    _check_password(password)
    try:
        account = Account.model_validate({
            "username": username, "display_name": display_name, "email": email.strip().lower(), "roles": roles,
            "supervises": supervises or [], "password_hash": hash_secret(password)})
    except ValidationError as error:
        raise explain(error, Account) from None

    def add(accounts: dict[str, Account]) -> Account:
        if first and accounts:
            raise InvalidInput("The administrator has already been created. Please sign in.")
        if account.username in accounts:
            raise InvalidInput(f"There is already an account called {account.username}.")
        accounts[account.username] = account
        return account

    return _change(root, add)


def sign_in(username: str, password: str, *, client: str = "", now: float | None = None,
            root: Path | None = None) -> Account:
    """The account if the password is right; SignInRefused otherwise, with one message whatever was wrong.

    The password is checked outside the accounts lock, with the same Argon2 work for an unknown name as
    for a known one, and nothing is written unless the hash needs upgrading. Failures slow down the
    client that makes them (``client``: its address), never the account, so a stranger cannot lock
    anyone out.
    """
    now = time.monotonic() if now is None else now
    wait = _BACKOFF.wait_s(client, now)
    if wait:
        raise SignInRefused(f"Too many unsuccessful sign-ins from this computer. Please wait {wait} seconds and "
                            "try again.")
    name = username.strip().lower()
    account = load_accounts(root).get(name)
    if not matches(account.password_hash if account else _DUMMY_HASH, password):
        account = None
    if account is None:
        _BACKOFF.failed(client, now)
        raise SignInRefused(WRONG)
    _BACKOFF.succeeded(client)
    if outdated(account.password_hash):  # hashed at an older cost: brought up to today's
        try:
            change_account(account.username, root=root, password=password)
        except WorkbenchError:
            pass  # a full disk or a busy file: they proved who they are, and the hash is brought up next time
    return account


def change_password(username: str, current: str, new: str, root: Path | None = None) -> Account:
    """A person changing their own password, proving the current one first."""
    account = load_accounts(root).get(username)
    if not matches(account.password_hash if account else _DUMMY_HASH, current):
        raise InvalidInput("The current password is not right, so nothing was changed.")
    return change_account(username, root=root, password=new)


class _Backoff:
    """Failed sign-ins per client, in this server's memory: after a few, each try waits twice as long."""

    FREE, FIRST_S, LONGEST_S = 5, 5.0, 300.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[int, float]] = {}  # client -> (failures, not before)

    def wait_s(self, client: str, now: float) -> int:
        with self._lock:
            _, not_before = self._clients.get(client, (0, 0.0))
        return int(not_before - now + 0.999) if not_before > now else 0

    def failed(self, client: str, now: float) -> None:
        with self._lock:
            failures = self._clients.get(client, (0, 0.0))[0] + 1
            delay = 0.0 if failures < self.FREE else min(self.LONGEST_S, self.FIRST_S * 2 ** (failures - self.FREE))
            self._clients[client] = (failures, now + delay)
            if len(self._clients) > 10_000:  # a flood of made-up clients cannot grow this without end
                self._clients.pop(next(iter(self._clients)))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)

    def forget_all(self) -> None:
        """A fresh start (a new server process has one anyway)."""
        with self._lock:
            self._clients.clear()


_BACKOFF = _Backoff()
WRONG = "That user name and password do not match an account."
_DUMMY_HASH = hash_secret("not a password anyone has: a stand-in so unknown names cost the same work")


def by_email(email: str, root: Path | None = None) -> Account | None:
    """The account for a single sign-on identity (st.user.email), if one is set up."""
    wanted = email.strip().lower()
    return next((a for a in load_accounts(root).values() if wanted and a.email == wanted), None)


def change_account(username: str, *, root: Path | None = None, password: str | None = None,
                   unlock: bool = False, **fields) -> Account:
    """Change an account's name, email, roles or supervised guiders; set a new password; or lift a lockout."""
    if password is not None:
        _check_password(password)
    if "roles" in fields:
        _check_roles(fields["roles"])
    if "email" in fields:
        fields["email"] = str(fields["email"]).strip().lower()

    def apply(accounts: dict[str, Account]) -> Account:
        account = accounts.get(username)
        if account is None:
            raise InvalidInput(f"There is no account called {username}.")
        try:
            changed = Account.model_validate({**account.model_dump(), **fields})
        except ValidationError as error:
            raise explain(error, Account) from None
        _keep_an_admin(accounts, username, changed)
        if password is not None:
            changed.password_hash = hash_secret(password)
        if unlock or password is not None:
            changed.failures, changed.locked_until = 0, None
        accounts[username] = changed
        return changed.model_copy()

    return _change(root, apply)


def remove_account(username: str, root: Path | None = None) -> None:
    def remove(accounts: dict[str, Account]) -> None:
        if username not in accounts:
            raise InvalidInput(f"There is no account called {username}.")
        _keep_an_admin(accounts, username, None)
        del accounts[username]

    _change(root, remove)
    # Their supervision log goes with them: a new account given the same name starts with nothing of it.
    for leftover in ((root or data_root()) / SUPERVISION).glob(f"{username}.*"):
        leftover.unlink(missing_ok=True)


def _keep_an_admin(accounts: dict[str, Account], username: str, changed: Account | None) -> None:
    """Refuse a change that would leave nobody able to manage accounts."""
    stays = changed is not None and changed.has(Role.ADMIN)
    if username not in accounts or not accounts[username].has(Role.ADMIN) or stays:
        return  # no administrator is lost (a guider's new password, say, with none in the file)
    if not any(a.has(Role.ADMIN) for n, a in accounts.items() if n != username):
        raise InvalidInput("This is the only administrator: make another administrator first.")
