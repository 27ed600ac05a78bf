"""Shared Streamlit widgets and state: the only part of the workbench that imports streamlit."""
