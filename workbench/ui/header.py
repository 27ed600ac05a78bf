"""The header of every family step: the step's title, who the family is, and the bar with its next step."""

from __future__ import annotations

import streamlit as st

from workbench.model import Family

from .bookings import next_step_bar
from .widgets import READING, plain, read_only, show_flash


def family_header(family: Family, step: str, supervisor_note: str = READING) -> None:
    show_flash()
    demo = " · DEMO" if family.is_demo else ""
    st.title(f"{step}")
    if read_only(family):
        st.info(supervisor_note, icon=":material/visibility:")
    carers = ", ".join(f"{c.name} ({c.role.value})" for c in family.carers)
    st.caption(
        f"**{family.code}**{demo} · {plain(family.child.name)}, born {family.child.year_of_birth} · "
        f"carers: {plain(carers)} · guider: {plain(family.guider)} · cycle {family.current_cycle.number}"
        f" · {family.status.value}"
    )
    next_step_bar(family)
