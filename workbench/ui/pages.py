"""The one registry of the app's pages: the router builds its menu from it; every link names a page from here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str | None = None

    @property
    def address(self) -> str:
        """The page's address after the server's root: its ``url_path``, or its file's name."""
        return self.url_path or PurePosixPath(self.path).stem

    def page(self, default: bool = False, listed: bool = True) -> st.Page:
        """The page; not ``listed``, it is still there for a typed address but left out of the menu."""
        return st.Page(self.path, title=self.title, icon=self.icon, url_path=self.url_path, default=default,
                       visibility="visible" if listed else "hidden")


CASELOAD = PageSpec("pages/caseload.py", "Caseload", ":material/groups:")
GOALS = PageSpec("pages/goals.py", "1 · Goals", ":material/flag:")
FILM = PageSpec("pages/film.py", "2 · Film", ":material/videocam:")
ANALYSIS = PageSpec("pages/analysis.py", "3 · Micro-analysis", ":material/frame_inspect:")
REVIEW = PageSpec("pages/review.py", "4 · Shared review", ":material/forum:")
SUMMARY = PageSpec("pages/summary.py", "5 · Summary", ":material/auto_stories:")
SHARED = PageSpec("pages/shared_screen.py", "Shared review", ":material/favorite:", url_path="shared")
PRESENTER = PageSpec("pages/presenter.py", "Shared review: presenter", ":material/co_present:", url_path="presenter")
AUDIENCE = PageSpec("pages/audience.py", "Shared review", ":material/favorite:", url_path="screen")
ACCOUNTS = PageSpec("pages/accounts.py", "Accounts", ":material/manage_accounts:")
RETENTION = PageSpec("pages/retention.py", "Retention", ":material/auto_delete:")
AUDIT_LOG = PageSpec("pages/audit_log.py", "Audit log", ":material/policy:")
SETTINGS = PageSpec("pages/settings.py", "Settings", ":material/settings:")
MY_ACCOUNT = PageSpec("pages/my_account.py", "My account", ":material/person:")
SUPERVISION = PageSpec("pages/supervision.py", "Supervision", ":material/school:")
REVIEW_FILM = PageSpec("pages/review_film.py", "Supervision film", ":material/video_camera_front:")
TRAINING = PageSpec("pages/training.py", "Training copies", ":material/blur_on:")

SHARED_VIEWS = (SHARED, PRESENTER, AUDIENCE)
CYCLE = (GOALS, FILM, ANALYSIS, REVIEW, SUMMARY)
ADMINISTRATION = (ACCOUNTS, RETENTION, AUDIT_LOG, SETTINGS)
EVERY = (CASELOAD, *CYCLE, REVIEW_FILM, TRAINING, *ADMINISTRATION, MY_ACCOUNT, SUPERVISION, *SHARED_VIEWS)


def shared_only(shown: PageSpec) -> list[st.Page]:
    """While the shared screen is open, the one page there is, at its own address (so a reload knows what it was),
    and every other address, unlisted, leading back to it: the root, Back, a typed ``/caseload`` or an old link
    lands on the shared screen, never on Streamlit's "Page not found" box."""
    return [st.Page(_to(shown), title=shown.title, default=True, visibility="hidden"), shown.page(),
            *leading_to(shown, [spec for spec in EVERY if spec is not shown])]


def leading_to(target: PageSpec, specs: list[PageSpec]) -> list[st.Page]:
    """``specs``' addresses, unlisted, each leading to ``target``: a shared screen's address once it is closed
    (signing in on a reloaded one) opens the guider's own first page rather than "Page not found"."""
    return [st.Page(_to(target), title=spec.title, url_path=spec.address, visibility="hidden") for spec in specs]


def _to(target: PageSpec):
    def go() -> None:
        st.switch_page(target.page())
    return go
