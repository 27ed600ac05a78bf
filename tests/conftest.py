"""Shared fixtures: a real store under a temporary data root, and families to put in it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from workbench import Family, FamilyStore, build
from workbench.core.config import DATA_ROOT_ENV
from workbench.trust import hashing
from workbench.trust.accounts import _BACKOFF

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def make_family(code: str = "VIG-0001", **overrides) -> Family:
    fields = dict(
        code=code,
        child={"name": "Sam", "year_of_birth": date.today().year - 7},
        carers=[{"name": "Jo Smith", "role": "foster carer"}],
        guider="Dr Ada Patel",
        guider_account="ada",
        concern={"kind": "staying calm"},
    )
    fields.update(overrides)
    return build(Family, **fields)


@pytest.fixture
def data_root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "data"
    monkeypatch.setenv(DATA_ROOT_ENV, str(root))
    _BACKOFF.forget_all()  # each test is a new server: no earlier test's failed sign-ins count against it
    return root


LIGHT_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # Argon2id all the same


@pytest.fixture(autouse=True)
def light_hashing(request, monkeypatch):
    """Passwords and PINs set by a test are hashed at Argon2id's light cost: the suite sets some 400, each 0.2 to
    0.6 s at the real cost. Tests marked ``real_hashing`` keep the real hasher (its cost, and sign-in's equal
    work, are tested with it); app servers the tests start always use it."""
    if "real_hashing" not in request.keywords:
        monkeypatch.setattr(hashing, "_HASHER", LIGHT_HASHER)


@pytest.fixture
def store(data_root) -> FamilyStore:
    return FamilyStore()


@pytest.fixture
def family(store) -> Family:
    return store.create(make_family())


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Session-wide test films and a consenting family, shared by the media, page and browser tests.
# Real job consumers, for the queue, page and browser tests.
from .consumers import consumers  # noqa: E402,F401
from .films import consenting_family, demo_made, films, scene, scene_seen  # noqa: E402,F401

# The browser tests fall in two groups of about equal length, one per worker: a group runs its tests in turn, one
# Chromium and app at a time, and every other module goes to whichever worker is free.
BROWSER_GROUPS = {
    "test_moments_browser": "a", "test_accessibility_browser": "a", "test_film_browser": "a",
    "test_analysis_browser": "a",
}


@pytest.hookimpl(optionalhook=True)  # only under xdist
def pytest_xdist_make_scheduler(config, log):
    """Under xdist (``make test``), each group of browser tests is one unit of work, and every other module is one:
    a module's fixtures (a film, a face plan, the hard-faces set) are then made once, not once per worker."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if not nodeid.startswith("tests/browser/"):
                return nodeid.split("::")[0]
            return "browser-" + BROWSER_GROUPS.get(nodeid.split("::")[0].split("/")[-1].removesuffix(".py"), "b")

    return BrowserTestsTogether(config, log)
