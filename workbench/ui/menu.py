"""The sidebar: the pages this account may open, as plain links, and who is signed in.

Streamlit's own sidebar menu puts section headings inside its <ul> (an
accessibility fault axe-core reports as serious), so the router hides it and
this draws the same menu with st.page_link.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.jobs import board
from workbench.trust.accounts import Account, Role

from . import pages
from .auth import sign_out
from .state import store
from .widgets import plain

ASSETS = Path(__file__).parent / "assets"
THEME_CSS = ASSETS / "theme.css"  # captions readable (WCAG AA) on the page
_first_click = st.components.v2.component("vig_first_click", js=(ASSETS / "first_click.js").read_text(encoding="utf-8"))
_players = st.components.v2.component("vig_players", js=(ASSETS / "players.js").read_text(encoding="utf-8"))
_toasts = st.components.v2.component("vig_toasts", js=(ASSETS / "toasts.js").read_text(encoding="utf-8"))


def readable_theme() -> None:
    """The app's look, the first click on a dropdown opening it (``first_click.js`` says why), no player
    offering a download of its film (``players.js``), and every toast named by its words (``toasts.js``)."""
    st.html(THEME_CSS)
    _first_click(key="vig_first_click")
    _players(key="vig_players")
    _toasts(key="vig_toasts")


def menu(sections: dict[str, list], account: Account) -> None:
    with st.sidebar:
        for section, entries in sections.items():
            st.markdown(f'<div class="vig-menu-section"><p>{section}</p></div>', unsafe_allow_html=True)
            for page in entries:
                if getattr(page, "visibility", "visible") != "hidden":
                    st.page_link(page)
        if Role.ADMIN in account.roles:
            _retention_notice()
        st.divider()
        roles = ", ".join(role.value for role in account.roles)
        st.caption(f"Signed in as **{plain(account.display_name)}** ({roles})")
        if st.button("Sign out", icon=":material/logout:", key="sign_out"):
            sign_out("You have signed out.")
            st.rerun()


def _retention_notice() -> None:
    """What the queue's hourly retention check found, for the administrator: it lists, it never erases."""
    listed = board.families_due(store().root)
    if listed and listed[1]:
        count = len(listed[1])
        st.warning(f"{count} famil{'y is' if count == 1 else 'ies are'} due for erasure.",
                   icon=":material/auto_delete:")
        st.page_link(pages.RETENTION.path, label="Review them on Retention", icon=":material/auto_delete:")
