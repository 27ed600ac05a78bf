"""The introductory film about VIG, shown at the first meeting: from the data folder, or (online) a web address."""

from __future__ import annotations

import streamlit as st
from streamlit_player import st_player

from workbench.core.settings import load_settings
from workbench.cycle import review

from .media import media_url
from .state import store
from .widgets import plain


def intro_film_panel() -> None:
    """The introductory film for the first meeting, if settings name one."""
    source = load_settings(store().root).intro_film.strip()
    if not source:
        return
    with st.expander("Introductory film about VIG", icon=":material/smart_display:"):
        if source.startswith(("http://", "https://")):
            st.caption("This film is on the internet; playing it connects to its website.")
            if st.button("Play the introductory film"):
                if review.intro_film_reachable(source):
                    st_player(source, playing=True, controls=True, playback_rate=1.0, key="intro_film")
                else:
                    st.warning("The introductory film cannot be reached: this computer seems to be offline. "
                               "Save a copy in the data folder and name it in Settings to play it offline.",
                               icon=":material/wifi_off:")
            return
        local = review.local_intro_film(store().root, source)
        if local is None:
            st.warning(f"The introductory film {plain(source)} was not found in the data folder. Check Settings.",
                       icon=":material/error:")
            return
        st_player(media_url(local), playing=False, controls=True, playback_rate=1.0, key="intro_film")
