"""The introductory film about VIG, shown at the first meeting: from the data folder, or (online) a web address."""

from __future__ import annotations

import streamlit as st

from workbench.core.settings import load_settings
from workbench.cycle import review

from .media import media_url, video_tag
from .state import store
from .widgets import plain


def intro_film_panel() -> None:
    """The introductory film for the first meeting, if settings name one."""
    source = load_settings(store().root).intro_film.strip()
    if not source:
        return
    with st.expander("Introductory film about VIG", icon=":material/smart_display:"):
        if source.startswith(("http://", "https://")):
            # Not embedded: the app's pages load nothing from another site (its Content-Security-Policy).
            st.caption("This film is on the internet: it opens on its own website, in a new tab. To play it "
                       "offline, save a copy in the data folder and name it in Settings.")
            st.link_button("Open the introductory film", source, icon=":material/open_in_new:")
            return
        local = review.local_intro_film(store().root, source)
        if local is None:
            st.warning(f"The introductory film {plain(source)} was not found in the data folder. Check Settings.",
                       icon=":material/error:")
            return
        st.html(video_tag(media_url(local), element_id="intro-film"))
