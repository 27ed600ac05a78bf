"""The sidebar: the pages this account may open, as plain links, and who is signed in.

Streamlit's own sidebar menu puts section headings inside its <ul> (an
accessibility fault axe-core reports as serious), so the router hides it and
this draws the same menu with st.page_link.
"""

from __future__ import annotations

import streamlit as st

from workbench.accounts import Account, Role
from workbench.jobs import board

from . import pages
from .auth import sign_out
from .state import store
from .widgets import plain

# Captions and help text in the theme's grey fall below WCAG AA contrast (4.5:1) on the page background.
_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p { color: #3E4A4E !important; opacity: 1 !important; }
.vig-menu-section p { font-size: 0.8rem; font-weight: 600; color: #3E4A4E; margin: 0.75rem 0 0 0; }
a.vig-download { display: inline-block; padding: .45rem .9rem; margin: .15rem 0; border-radius: .5rem;
  border: 1px solid #2F6F6A; color: #1F4F4B; background: #fff; text-decoration: none; font-weight: 500; }
a.vig-download::before { content: "\2193\00a0"; }
a.vig-download:hover, a.vig-download:focus-visible { background: #EEF2EF; outline: 2px solid #2F6F6A; }
.vig-caption-text { font-size: .85rem; color: #3E4A4E; margin-top: .25rem; }
</style>"""


def readable_theme() -> None:
    st.html(_CSS)


def menu(sections: dict[str, list], account: Account) -> None:
    with st.sidebar:
        for section, pages in sections.items():
            st.markdown(f'<div class="vig-menu-section"><p>{section}</p></div>', unsafe_allow_html=True)
            for page in pages:
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
