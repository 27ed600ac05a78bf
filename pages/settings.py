"""Settings (admin): film length, the shared review's prompts, the introductory film, the rhythm, privacy."""

import streamlit as st

from workbench.core.errors import WorkbenchError
from workbench.core.settings import changed_fields, load_settings, save_settings
from workbench.trust.audit import AuditEvent
from workbench.ui.state import store
from workbench.ui.widgets import attempt, problem, show_flash


def keep(change, done: str) -> None:
    before = load_settings(store().root)
    try:
        after = change(before)
    except WorkbenchError as error:
        problem(error.message)
        return
    if attempt(lambda: save_settings(after, store().root), done,
               (AuditEvent.SETTINGS_CHANGE, "", ", ".join(changed_fields(before, after)) or "nothing")):
        st.rerun()


st.title("Settings")
show_flash()
current = load_settings(store().root)
with st.form("films"):
    st.header("Films", anchor=False)
    minutes = st.number_input("Longest film accepted (minutes)", min_value=1, max_value=240,
                              value=current.max_film_minutes, step=5,
                              help="Longer films are refused with a message, before any copy is made.")
    intro = st.text_input("Introductory film about VIG", value=current.intro_film, max_chars=500,
                          help="A file in the data folder (for example intro/vig.mp4), which plays offline, "
                               "or a web address.")
    at_once = st.number_input("Films prepared at once", min_value=1, max_value=16, value=current.films_at_once,
                              help="Each film being prepared keeps about two processor cores busy; the rest wait "
                                   "their turn. Takes effect when the app is next started.")
    suggest = st.checkbox("Suggest moments in micro-analysis", value=current.suggestions,
                          help="Found on this computer from faces and voices in the film; only ever suggestions.")
    if st.form_submit_button("Save settings", type="primary"):
        keep(lambda s: s.model_copy(update={"max_film_minutes": int(minutes), "intro_film": intro.strip(),
                                            "films_at_once": int(at_once), "suggestions": bool(suggest)}),
             "Settings saved.")
with st.form("shared_review"):
    st.header("Shared review", anchor=False)
    prompts = st.text_area("Prompts beside each clip, one per line", value="\n".join(current.prompts), height=140)
    lead_in = st.slider("Lead-in before each clip (seconds)", 0, 5, value=current.lead_in_s,
                        help="What led up to the moment, played before it. A clip can have its own.")
    st.caption("Each guider sets their own PIN for leaving the shared screen, on My account.")
    if st.form_submit_button("Save shared review settings", type="primary"):
        keep(lambda s: s.with_prompts(prompts).model_copy(update={"lead_in_s": int(lead_in)}),
             "Shared review settings saved.")
with st.form("rhythm"):
    st.header("The cycle's rhythm", anchor=False)
    st.caption("The caseload marks a step as overdue, calmly, once these days have passed.")
    left, right = st.columns(2)
    review_days = left.number_input("Days from filming to the shared review", min_value=1, max_value=120,
                                    value=current.review_within_days, step=1)
    film_days = right.number_input("Days from a shared review to the next film", min_value=1, max_value=180,
                                   value=current.film_within_days, step=1)
    if st.form_submit_button("Save the rhythm", type="primary"):
        keep(lambda s: s.model_copy(update={"review_within_days": int(review_days),
                                            "film_within_days": int(film_days)}), "The cycle's rhythm saved.")
with st.form("supervision"):
    st.header("Supervision", anchor=False)
    step = st.number_input("Compare two codings of a shared-review film in steps of (seconds)", min_value=0.2,
                           max_value=10.0, value=float(current.agreement_step_s), step=0.1, format="%.1f",
                           help="Cohen's kappa is worked out over steps of this length; 1 s is usual.")
    if st.form_submit_button("Save supervision settings", type="primary"):
        keep(lambda s: s.model_copy(update={"agreement_step_s": round(float(step), 1)}), "Supervision settings saved.")
with st.form("privacy"):
    st.header("Privacy", anchor=False)
    left, right = st.columns(2)
    idle = left.number_input("Sign out after this many idle minutes", min_value=5, max_value=480,
                             value=current.idle_minutes, step=5)
    keep_days = right.number_input("Days after closing before a family is due for erasure", min_value=1,
                                   max_value=3650, value=current.retention_days, step=1,
                                   help="The consent forms promise about two months (60 days).")
    if st.form_submit_button("Save privacy settings", type="primary"):
        keep(lambda s: s.model_copy(update={"idle_minutes": int(idle), "retention_days": int(keep_days)}),
             "Privacy settings saved.")
