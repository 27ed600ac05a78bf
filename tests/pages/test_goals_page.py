import re
from datetime import date

from workbench import ConsentScope, FamilyStore
from workbench.cycle.goals import add_goal
from workbench.ui import pages

from ..conftest import make_family
from .helpers import app, no_errors, shown, submit, widget

GOALS = pages.GOALS.path


def goals_page(code: str = "VIG-0001"):
    at = app({"family": code})
    at.switch_page(GOALS)
    return at.run()


def test_without_a_family_the_page_points_to_the_caseload(data_root):
    at = app()
    at.switch_page(GOALS)
    at.run()
    assert "Open a family from the caseload" in at.info[0].value


def test_a_refresh_with_family_in_the_url_reopens_it(data_root):
    FamilyStore().create(make_family("VIG-0001"))
    at = goals_page("vig-0001")
    no_errors(at)
    assert at.title[0].value == "1 · Goals"
    assert "VIG-0001" in at.caption[0].value
    # Moving to the caseload and back keeps the family in the URL and in the session.
    at.switch_page(pages.CASELOAD.path)
    at.run()
    assert at.query_params["family"] in ("VIG-0001", ["VIG-0001"])
    at.switch_page(GOALS)
    at.run()
    assert "VIG-0001" in at.caption[0].value


def test_unknown_or_hostile_family_in_the_url(data_root):
    at = goals_page("VIG-0404")
    assert "VIG-0404 is not on your caseload, or does not exist" in shown(at.error[0].value)
    at = goals_page("../../etc/passwd")
    assert "Open a family from the caseload" in at.info[0].value


def test_recording_and_withdrawing_consent(data_root):
    FamilyStore().create(make_family())
    at = goals_page()
    assert "No filming consent" in at.warning[0].value
    widget(at, "checkbox", "Filming").check()
    widget(at, "checkbox", "Copies for the carer").check()
    at = submit(at, "Record consent")
    no_errors(at)
    family = FamilyStore().load("VIG-0001")
    assert family.has_consent(ConsentScope.FILMING) and family.has_consent(ConsentScope.CARER_COPIES)
    assert not family.has_consent(ConsentScope.TRAINING)
    assert family.consents[0].given_by == "Jo Smith"
    assert not at.warning
    assert at.dataframe[0].value["Status"][0] == "In force"

    at = submit(at, "Withdraw consent")
    no_errors(at)
    family = FamilyStore().load("VIG-0001")
    assert family.consents[0].withdrawn_on == date.today() and len(family.consents) == 1
    assert not family.has_consent(ConsentScope.FILMING)
    assert at.dataframe[0].value["Status"][0].startswith("Withdrawn")


def test_consent_with_nothing_ticked_is_explained(data_root):
    FamilyStore().create(make_family())
    at = submit(goals_page(), "Record consent")
    assert "Tick at least one thing" in at.error[0].value
    assert FamilyStore().load("VIG-0001").consents == []


def test_helping_question_and_goals_with_baselines(data_root):
    FamilyStore().create(make_family())
    at = goals_page()
    widget(at, "text_input", "What does the carer want help with?").input("How can I help him stay calm?")
    at = submit(at, "Save helping question")
    no_errors(at)
    for text, baseline in [("Stay calm at bedtime", 2), ("Play together", 4), ("Talk about school", 6)]:
        widget(at, "text_input", "Goal, in the carer's words").input(text)
        box = widget(at, "button_group", "Carer's baseline rating (0 = not at all, 10 = fully there)")
        assert box.value is None  # unrated until the carer rates it: no made-up baseline
        box.set_value(baseline)
        at = submit(at, "Add goal")
        no_errors(at)
    family = FamilyStore().load("VIG-0001")
    assert family.helping_question.text == "How can I help him stay calm?"
    assert [(g.text, g.baseline.value) for g in family.goals] == [
        ("Stay calm at bedtime", 2), ("Play together", 4), ("Talk about school", 6)]
    assert at.header[2].value == "Goals (3 of 3)"
    assert not [f for f in at.get("form_submit_button") if f.label == "Add goal"]  # no fourth goal offered
    assert "How the goals have moved" not in [s.value for s in at.header]


def test_rating_a_goal_draws_the_progress_chart(data_root):
    store = FamilyStore()
    store.create(make_family())
    store.update("VIG-0001", lambda f: add_goal(f, "Stay calm at bedtime", "staying calm", 2, "Jo"))
    at = goals_page()
    at = submit(at, "Record rating")  # not yet rated: refused, nothing saved
    assert "Choose the carer's rating" in at.error[0].value
    assert len(store.load("VIG-0001").goals[0].ratings) == 1
    widget(at, "button_group", "Carer's rating").set_value(6)
    at = submit(at, "Record rating")
    no_errors(at)
    ratings = store.load("VIG-0001").goals[0].ratings
    assert [(r.cycle, r.value) for r in ratings] == [(0, 2), (1, 6)]
    assert "How the goals have moved" in [s.value for s in at.header]
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert at.metric[0].value == "6/10"


def test_empty_goal_is_refused_with_a_reason(data_root):
    FamilyStore().create(make_family())
    at = submit(goals_page(), "Add goal")
    assert "Goal cannot be empty" in at.error[0].value
    assert FamilyStore().load("VIG-0001").goals == []


def test_the_intro_film_plays_from_the_data_folder_or_says_it_is_offline(data_root, films):
    from workbench.core.settings import Settings, save_settings

    FamilyStore().create(make_family())
    (data_root / "intro").mkdir(parents=True)
    (data_root / "intro" / "vig.mp4").write_bytes(films["silent"].read_bytes())
    save_settings(Settings(intro_film="intro/vig.mp4"), data_root)
    at = goals_page()
    no_errors(at)
    assert at.expander[0].label == "Introductory film about VIG"
    player = [h.proto.body for h in at.get("html") if 'id="intro-film"' in h.proto.body]
    assert len(player) == 1 and re.search(r'src="[^"]+\.mp4"', player[0])  # the data folder's film

    save_settings(Settings(intro_film="intro/missing.mp4"), data_root)
    assert any("was not found in the data folder" in w.value for w in goals_page().warning)

    save_settings(Settings(intro_film="https://intro.invalid/vig.mp4"), data_root)
    at = goals_page()
    assert at.get("link_button")[0].proto.url == "https://intro.invalid/vig.mp4"  # opened on its own website
    assert not [h for h in at.get("html") if "<video" in h.proto.body]  # nothing of another site in our page
