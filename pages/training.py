"""Training copies: a clip with every face blurred, for teaching, under the family's consent to use in training."""

import streamlit as st

from workbench.model import ConsentScope
from workbench.ui import training as panels
from workbench.ui.header import family_header
from workbench.ui.widgets import cycle_picker, family_or_stop, read_only

family = family_or_stop()
family_header(family, "Training copies")
if read_only(family):
    st.info("Training copies are made by the family's guider.", icon=":material/lock:")
    st.stop()
if not family.has_consent(ConsentScope.TRAINING):
    st.info("Copies for use in training need the family's consent to use in training, and none is in force. "
            "Record it on the Goals step if the carers give it.", icon=":material/lock:")
    st.stop()
st.caption("Faces are looked for in every frame of the clip and followed between frames, so a face missed for a "
           "moment is still blurred. A detector can still miss a face (a very small one, or one turned away), so "
           "you see a preview before anything is made, and watch the whole copy before you download it.")
cycle_number = cycle_picker(family)
clip = panels.clip_picker(family, cycle_number)
if clip is None:
    st.stop()
panels.faces_step(family, cycle_number, clip)
panels.reel_step(family, cycle_number)
