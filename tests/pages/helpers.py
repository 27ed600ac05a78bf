"""Driving the app with Streamlit's AppTest: sign in, find widgets by label, submit forms."""

from __future__ import annotations

import re

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from workbench.trust.accounts import Role, create_account, load_accounts

from ..conftest import ROOT

_pages_manager_init = PagesManager.__init__


def _router_only(self, *args, **kwargs):
    # As serve.py does for the real server: app.py is the router, and pages/ is never v1 page discovery.
    # AppTest resets this flag before every run; left alone, a rerun would run a page without the router.
    PagesManager.uses_pages_directory = False
    _pages_manager_init(self, *args, **kwargs)


PagesManager.__init__ = _router_only

PASSWORD = "correct horse battery"
# The test accounts: Ada guides the test families, Sue supervises Ada, Max administers.
PEOPLE = {
    "ada": ("Dr Ada Patel", [Role.GUIDER], []),
    "ben": ("Ben Okoro", [Role.GUIDER], []),
    "sue": ("Sue Grant", [Role.SUPERVISOR], ["ada"]),
    "max": ("Max Admin", [Role.ADMIN], []),
}


def account(username: str = "ada"):
    """The test account ``username``, created in the current data root on first use."""
    existing = load_accounts().get(username)
    if existing:
        return existing
    name, roles, supervises = PEOPLE[username]
    return create_account(username, name, PASSWORD, roles, supervises=supervises)


def app(query: dict[str, str] | None = None, as_user: str | None = "ada") -> AppTest:
    """The app after one run, signed in as ``as_user`` (None: not signed in)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if as_user:
        account(as_user)
        at.session_state["signed_in_as"] = as_user
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def widget(at: AppTest, kind: str, label: str, nth: int = 0):
    found = [w for w in at.get(kind) if getattr(w, "label", None) == label]
    assert len(found) > nth, f"no {kind} labelled {label!r}; have {[getattr(w, 'label', None) for w in at.get(kind)]}"
    return found[nth]


def submit(at: AppTest, label: str, nth: int = 0) -> AppTest:
    widget(at, "form_submit_button", label, nth).click()
    return at.run()


def shown(markdown: str) -> str:
    """Markdown as the browser shows it: typed text reaches the page escaped, and reads as typed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
