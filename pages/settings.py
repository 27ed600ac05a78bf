"""Settings for the whole workbench."""

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.settings import Settings, load_settings, save_settings
from workbench.ui.state import store

st.title("Settings")
current = load_settings(store().root)
with st.form("settings"):
    minutes = st.number_input("Longest film accepted (minutes)", min_value=1, max_value=240,
                              value=current.max_film_minutes, step=5,
                              help="Longer films are refused with a message, before any copy is made.")
    if st.form_submit_button("Save settings", type="primary"):
        try:
            save_settings(Settings(**{**current.model_dump(), "max_film_minutes": minutes}), store().root)
        except WorkbenchError as error:
            st.error(error.message, icon=":material/error:")
        else:
            st.success("Settings saved.", icon=":material/check_circle:")
