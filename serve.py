"""Serves the workbench: Streamlit's server, the route that streams films from disk, and app.py as the router.

Run with ``streamlit run serve.py`` (``make run`` does).
"""

import streamlit as st

from workbench.ui.server import middleware, routes

app = st.App("app.py", routes=routes(), middleware=middleware())
