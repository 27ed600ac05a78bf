"""Local accounts: who may sign in, in which roles, with Argon2id password hashes and a lockout.

Accounts live in one crash-safe JSON file at the data root, changed under a
lock. Passwords are never stored, only Argon2id hashes (memory-hard). After
``MAX_FAILURES`` wrong passwords an account is locked for ``LOCKOUT``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from filelock import FileLock
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .config import data_root
from .errors import InvalidInput, WorkbenchError
from .model import explain
from .storages import atomic_write_json, make_dirs

ACCOUNTS_FILE = "accounts.json"
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # Argon2id with the library's recommended memory and time costs
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")

T = TypeVar("T")


class Role(StrEnum):
    GUIDER = "guider"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class SignInRefused(WorkbenchError):
    """Wrong name or password, or a locked account; the message never says which name exists."""


class Account(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    username: str = Field(title="User name")
    display_name: str = Field(min_length=1, max_length=80, title="Name")
    email: str = Field(default="", max_length=200, title="Email")  # matches st.user.email for single sign-on
    roles: list[Role] = Field(min_length=1, title="Roles")
    supervises: list[str] = Field(default_factory=list)  # usernames of the guiders a supervisor supervises
    password_hash: str = ""
    failures: int = 0
    locked_until: datetime | None = None

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
    with FileLock(path.with_suffix(".lock"), timeout=15):
        accounts = load_accounts(root)
        result = change(accounts)
        atomic_write_json(path, {"version": 1, "accounts": {n: a.model_dump(mode="json") for n, a in accounts.items()}})
    return result


def needs_first_admin(root: Path | None = None) -> bool:
    return not load_accounts(root)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters; "
                           "a short phrase is easiest to remember.")


def create_account(username: str, display_name: str, password: str, roles: list[Role | str], *,
                   email: str = "", supervises: list[str] | None = None, first: bool = False,
                   root: Path | None = None) -> Account:
    """A new account; with ``first``, only if there are none yet (two first-run forms cannot both make one)."""
    _check_password(password)
    try:
        account = Account.model_validate({
            "username": username, "display_name": display_name, "email": email.strip().lower(), "roles": roles,
            "supervises": supervises or [], "password_hash": _HASHER.hash(password)})
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


def sign_in(username: str, password: str, *, now: datetime | None = None, root: Path | None = None) -> Account:
    """The account if the password is right; SignInRefused otherwise, counting towards the lockout."""
    now = now or datetime.now(UTC)
    name = username.strip().lower()

    def attempt(accounts: dict[str, Account]) -> Account | str:
        account = accounts.get(name)
        if account is None:
            _HASHER.hash(password)  # as slow as a real check, so timing does not reveal which names exist
            return "wrong"
        if account.locked_until and now < account.locked_until:
            return "locked"
        try:
            _HASHER.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            account.failures += 1
            if account.failures >= MAX_FAILURES:
                account.locked_until, account.failures = now + LOCKOUT, 0
                return "locked"
            return "wrong"
        account.failures, account.locked_until = 0, None
        if _HASHER.check_needs_rehash(account.password_hash):
            account.password_hash = _HASHER.hash(password)
        return account.model_copy()

    outcome = _change(root, attempt)
    if outcome == "locked":
        raise SignInRefused(f"This account is locked after {MAX_FAILURES} wrong passwords. Try again in "
                            f"{int(LOCKOUT.total_seconds() // 60)} minutes, or ask an administrator.")
    if not isinstance(outcome, Account):
        raise SignInRefused("That name and password do not match an account.")
    return outcome


def by_email(email: str, root: Path | None = None) -> Account | None:
    """The account for a single sign-on identity (st.user.email), if one is set up."""
    wanted = email.strip().lower()
    return next((a for a in load_accounts(root).values() if wanted and a.email == wanted), None)


def change_account(username: str, *, root: Path | None = None, password: str | None = None,
                   unlock: bool = False, **fields) -> Account:
    """Change an account's name, email, roles or supervised guiders; set a new password; or lift a lockout."""
    if password is not None:
        _check_password(password)
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
            changed.password_hash = _HASHER.hash(password)
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


def _keep_an_admin(accounts: dict[str, Account], username: str, changed: Account | None) -> None:
    """Refuse a change that would leave nobody able to manage accounts."""
    admins = [n for n, a in accounts.items() if a.has(Role.ADMIN) and n != username]
    if not admins and (changed is None or not changed.has(Role.ADMIN)):
        raise InvalidInput("This is the only administrator: make another administrator first.")
