"""Step 1 · Goals: consent, the helping question, and up to three goals with the carer's ratings."""

from datetime import date

import streamlit as st

from workbench.cycle.goals import add_goal, edit_goal, rate_goal, remove_goal, set_helping_question
from workbench.cycle.progress import has_progress, stage_name
from workbench.model import MAX_GOALS, Goal, GoalCategory
from workbench.ui.charts import goal_ratings_chart
from workbench.ui.consent import consent_section
from workbench.ui.header import family_header
from workbench.ui.intro_film import intro_film_panel
from workbench.ui.widgets import family_or_stop, plain, rating_input, read_only, save, sentence

family = family_or_stop()
family_header(family, "1 · Goals")
first_carer = family.carers[0].name
editing = not read_only(family)  # a supervisor reads the goals; the forms are the family's guider's
intro_film_panel()

consent_section(family)

# -- Helping question ----------------------------------------------------------------
st.header("Helping question", anchor=False)
question = family.helping_question
if not editing:
    st.write(plain(question.text) if question else "Not agreed yet.")
else:
    with st.form("helping_question", border=False):
        text_col, date_col = st.columns([4, 1], vertical_alignment="bottom")
        text = text_col.text_input("What does the carer want help with?", value=question.text if question else "",
                                   placeholder="For example: How can I help him stay calm?", max_chars=300)
        agreed = date_col.date_input("Agreed on", value=question.agreed_on if question else date.today(),
                                     format="DD/MM/YYYY")
        if st.form_submit_button("Save helping question", type="primary"):
            if save(lambda f: set_helping_question(f, text, agreed), "Helping question saved"):
                st.rerun()

# -- Goals -------------------------------------------------------------------------
st.header(f"Goals ({len(family.goals)} of {MAX_GOALS})", anchor=False)
stages = list(range(0, family.current_cycle.number + 1))


def goal_card(number: int, goal: Goal) -> None:
    """One goal: its words, its latest rating, and a closed panel to edit, rate or remove it."""
    with st.container(border=True):
        words_col, rating_col = st.columns([5, 1])
        words_col.markdown(f"**Goal {number}.** {plain(goal.text)}")
        words_col.caption(sentence(goal.category))
        latest, base = goal.latest, goal.baseline
        if latest:
            delta = latest.value - base.value if base and latest is not base else None
            rating_col.metric(stage_name(latest.cycle), f"{latest.value}/10", delta=delta)
        if not editing:
            return
        with st.expander("Edit, rate or remove"):
            with st.form(f"edit_{goal.id}", border=False):
                new_text = st.text_input("Goal", value=goal.text, max_chars=300)
                category = st.selectbox("Category", list(GoalCategory), index=list(GoalCategory).index(goal.category),
                                        format_func=sentence)
                if st.form_submit_button("Save goal"):
                    if save(lambda f: edit_goal(f, goal.id, new_text, category), "Goal saved"):
                        st.rerun()
            with st.form(f"rate_{goal.id}", border=False):
                value = rating_input("Carer's rating", key=f"rating_{goal.id}")
                left, mid, right = st.columns(3)
                stage = left.selectbox("When", stages, index=len(stages) - 1, format_func=stage_name)
                rated_by = mid.text_input("Rated by", value=first_carer, max_chars=80)
                rated_on = right.date_input("Date", value=date.today(), format="DD/MM/YYYY")
                if st.form_submit_button("Record rating"):
                    if save(lambda f: rate_goal(f, goal.id, value, stage, rated_by, rated_on), "Rating recorded"):
                        st.rerun()
            if st.button("Remove this goal", key=f"remove_{goal.id}", icon=":material/delete:"):
                if save(lambda f: remove_goal(f, goal.id), "Goal removed"):
                    st.rerun()


for number, goal in enumerate(family.goals, start=1):
    goal_card(number, goal)

if editing and len(family.goals) < MAX_GOALS:
    # Always open, never an expander whose state follows the goal count: a guider typing the next goal
    # while the last one saves must not see the box fold away under their hands.
    with st.container(border=True):
        st.markdown(f"**Add goal {len(family.goals) + 1}**")
        # A new form per goal count: it starts empty after a goal is added, yet keeps the words if a save fails.
        with st.form(f"add_goal_{len(family.goals)}", border=False):
            goal_text = st.text_input("Goal, in the carer's words", max_chars=300)
            goal_category = st.selectbox("Category", list(GoalCategory), format_func=sentence)
            baseline = rating_input("Carer's baseline rating (0 = not at all, 10 = fully there)",
                                    key=f"baseline_{len(family.goals)}")
            rated_by = st.text_input("Rated by", value=first_carer, max_chars=80)
            if st.form_submit_button("Add goal", type="primary"):
                if save(lambda f: add_goal(f, goal_text, goal_category, baseline, rated_by), "Goal added"):
                    st.rerun()

if has_progress(family):
    st.header("How the goals have moved", anchor=False)
    goal_ratings_chart(family)
