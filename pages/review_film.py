"""Supervision film: the guider's own shared review on film, coded by the guider and their supervisor apart."""

import streamlit as st

from workbench.cycle.films import REVIEW_FILM
from workbench.model import FilmStatus
from workbench.trust.access import can_code
from workbench.ui import coding as panels
from workbench.ui.film import add_film_panel, failed_panel, preparing_panel
from workbench.ui.header import family_header
from workbench.ui.state import current_account
from workbench.ui.widgets import cycle_picker, family_or_stop, read_only

family = family_or_stop()
family_header(family, "Supervision film", "You code this film as the guider's VIG supervisor: your coding is yours "
              "alone until you are both ready to compare. Nothing else of the family can be changed here.")
account = current_account()
if not can_code(account, family):
    st.info("The film of a shared review is for the guider and their VIG supervisor, and a supervisor sees it "
            "only while the carers consent to supervisor viewing and to filming the shared review for "
            "supervision.", icon=":material/lock:")
    st.stop()
editing = not read_only(family)  # the guider adds and removes the film; both code it
st.caption("A film of your own shared review with the carer, for supervision: you and your supervisor each mark "
           "and tag how you attuned to the carer, apart, then compare." if editing else
           "A film of the guider's shared review with the carer: you and the guider each mark and tag how the guider "
           "attuned to the carer, apart, then compare.")
cycle_number = cycle_picker(family)
film = family.cycle(cycle_number).review_film
if film is None:
    if editing:
        add_film_panel(family, cycle_number, REVIEW_FILM)
    else:
        st.info("The guider has not added the film of this cycle's shared review yet.", icon=":material/videocam:")
    st.stop()
if film.in_hand:
    preparing_panel(family.code, cycle_number, editing, REVIEW_FILM)
    st.stop()
if film.status is FilmStatus.FAILED:
    failed_panel(family, cycle_number, editing, REVIEW_FILM)
    st.stop()
panels.coding_panel(family, cycle_number, account)
panels.moment_editor(family, cycle_number, account)
panels.compare_panel(family, cycle_number, account)
