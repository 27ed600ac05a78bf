import shutil
from datetime import date, datetime, timedelta

import pytest

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.core.config import DATA_ROOT_ENV
from workbench.core.settings import load_settings
from workbench.cycle import analysis, invitations, review, stage
from workbench.cycle.bookings import book
from workbench.cycle.goals import add_goal
from workbench.cycle.shared_screen import open_screen, set_pin
from workbench.model import ConsentScope, FamilyStatus, SessionKind
from workbench.trust.accounts import change_accounts, load_accounts
from workbench.trust.audit import entries
from workbench.ui import pages

from ..conftest import make_family
from ..films import ingest
from .helpers import account, app, no_errors, submit, widget

NOTE = "Private: she seemed tired today."


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, films):
    """Made once for this module: a family with a ready film and two clips chosen for the shared review, another
    family, and Ada's PIN. Each test works on its own copy."""
    root = tmp_path_factory.mktemp("review-pages") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_ROOT_ENV, str(root))
        store = FamilyStore()
        store.create(make_family())
        store.create(make_family("VIG-0777", child={"name": "Zed", "year_of_birth": 2016}))

        def prepare(f):
            add_consent(f, "Jo Smith", "foster carer", date.today(), ["filming"])
            add_goal(f, "Stay calm at bedtime", "staying calm", 2, "Jo Smith")

        store.update("VIG-0001", prepare)
        ingest(store, "VIG-0001", films["landscape"])

        def mark(f):
            for start, tags in ((500, ["attentive"]), (3000, ["guiding.scaffolding"])):
                clip = analysis.add_clip(f, 1, start, start + 1500, tags, NOTE)
                analysis.choose(f, 1, clip.id, True)

        store.update("VIG-0001", mark)
        account("ada")
        set_pin("ada", "246813")
    return root


@pytest.fixture
def reviewed(data_root, prepared):
    """This test's copy of the prepared family, with nothing left on the stage by an earlier test."""
    shutil.copytree(prepared, data_root)
    stage.clear("ada")
    return FamilyStore()


def shared_screen():
    """The guider opens the shared screen (a state of their account), then the app runs as the carer sees it."""
    open_screen("ada", "VIG-0001", 1)
    return app()


def test_the_shared_screen_shows_one_clip_and_nothing_private(reviewed):
    at = shared_screen()
    no_errors(at)
    assert not at.sidebar.children or not [e for e in at.sidebar if getattr(e, "value", None)]
    shown = " ".join(str(getattr(e, "value", "")) for e in at.main)
    assert "Moments with Sam · clip 1 of 2" in shown
    assert "Here you are being attentive." in shown
    assert NOTE not in shown and "VIG-0777" not in shown and "Zed" not in shown and "Caseload" not in shown
    prompts = widget(at, "button_group", "What the carer says")
    assert prompts.options == list(load_settings().prompts) and not at.text_area  # a quiet strip, no boxes
    prompts.set_value("What do you notice?")
    at.run()
    assert [t.label for t in at.text_area] == ["What do you notice?"]  # only the prompt being answered


def answer(at, prompt: str, text: str) -> None:
    widget(at, "button_group", "What the carer says").set_value(prompt)
    at.run()
    widget(at, "text_area", prompt).input(text)
    at.run()


def test_reflections_are_saved_per_clip_as_typed(reviewed):
    at = shared_screen()
    answer(at, "What do you notice?", "He looks up at me.")
    assert widget(at, "button_group", "What the carer says").value == "What do you notice?"  # the box stays open
    widget(at, "button", "Next").click()
    at.run()
    assert "clip 2 of 2" in " ".join(str(getattr(e, "value", "")) for e in at.main)
    answer(at, "What were you thinking or feeling?", "Calm, for once.")
    no_errors(at)
    cycle = reviewed.load("VIG-0001").cycles[0]
    first, second = analysis.chosen(cycle)
    assert review.answers(cycle, first.id) == {"What do you notice?": "He looks up at me."}
    assert review.answers(cycle, second.id) == {"What were you thinking or feeling?": "Calm, for once."}


def test_leaving_the_shared_screen_needs_the_pin(reviewed):
    at = shared_screen()
    widget(at, "text_input", "PIN to leave the shared screen").input("111111")
    widget(at, "button", "Leave").click()
    at.run()
    assert "That PIN is not right" in at.error[0].value
    assert not at.title and load_accounts()["ada"].shared_screen is not None  # still the carer's screen
    assert [(e.what, e.family) for e in entries()][0] == ("wrong PIN", "VIG-0001")
    assert widget(at, "text_input", "PIN to leave the shared screen").value == ""  # the wrong PIN is not kept
    widget(at, "text_input", "PIN to leave the shared screen").input("246813")
    widget(at, "button", "Leave").click()
    at.run()
    no_errors(at)
    assert at.title[0].value == "4 · Shared review" and load_accounts()["ada"].shared_screen is None


def test_write_up_ratings_next_cycle_final_review_and_closing(reviewed):
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.REVIEW.path)
    at.run()
    no_errors(at)
    widget(at, "text_input", "Who was there").input("Jo Smith, Dr Ada Patel")
    widget(at, "text_area", "Discussion notes").input("We watched both clips twice.")
    widget(at, "text_area", "Agreed next steps").input("Ten minutes of floor play a day.")
    widget(at, "text_input", "Plan for the next film (activity)").input("Baking together")
    at = submit(at, "Save write-up")
    no_errors(at)
    written = reviewed.load("VIG-0001").cycles[0].review
    assert written.attendees == ["Jo Smith", "Dr Ada Patel"] and written.next_film_plan == "Baking together"

    at = submit(at, "Save ratings")  # nothing rated yet: refused, nothing saved
    assert "Choose the carer's rating for at least one goal" in at.error[0].value
    assert review.cycle_ratings(reviewed.load("VIG-0001"), 1) == {}
    widget(at, "button_group", "Goal 1: Stay calm at bedtime (baseline 2)").set_value(6)
    at = submit(at, "Save ratings")
    assert review.cycle_ratings(reviewed.load("VIG-0001"), 1) == {reviewed.load("VIG-0001").goals[0].id: 6}

    widget(at, "button", "Start cycle 2…").click()  # asks first
    at.run()
    assert [c.number for c in reviewed.load("VIG-0001").cycles] == [1]
    widget(at, "button", "Not yet").click()
    at.run()
    assert [c.number for c in reviewed.load("VIG-0001").cycles] == [1]
    widget(at, "button", "Start cycle 2…").click()
    at.run()
    widget(at, "button", "Start cycle 2").click()
    at.run()
    no_errors(at)
    assert [c.number for c in reviewed.load("VIG-0001").cycles] == [1, 2]
    # On to the next step: the new cycle's film, not an empty Shared review page.
    assert [t.value for t in at.title] == ["2 · Film"]
    # The new cycle's ratings start unrated, with the last ones beside them: never carried over.
    at.switch_page(pages.REVIEW.path)
    at.run()
    assert widget(at, "button_group", "Goal 1: Stay calm at bedtime (baseline 2 · cycle 1: 6)").value is None

    reviewed.update("VIG-0001", lambda f: setattr(f.cycles[1], "film", f.cycles[0].film))
    at.run()
    widget(at, "button_group", "Goal 1: Stay calm at bedtime (baseline 2 · cycle 1: 6)").set_value(7)
    at = submit(at, "Save ratings")
    widget(at, "toggle", "This cycle is the final one").set_value(True)
    at.run()
    assert reviewed.load("VIG-0001").cycles[1].is_final
    # The final ratings name every rating before them and start unset: cycle 2's 7 is not offered as the final one.
    final = widget(at, "button_group", "Goal 1: Stay calm at bedtime (baseline 2 · cycle 1: 6 · cycle 2: 7)")
    assert final.value is None
    final.set_value(8)
    at = submit(at, "Save final ratings")
    no_errors(at)
    goal = reviewed.load("VIG-0001").goals[0]
    assert [(r.cycle, r.final, r.value) for r in goal.ratings] == [(0, False, 2), (1, False, 6), (2, False, 7),
                                                                  (2, True, 8)]
    assert goal.latest.value == 8
    final_label = "Goal 1: Stay calm at bedtime (baseline 2 · cycle 1: 6 · cycle 2: 7)"
    assert widget(at, "button_group", final_label).value == 8  # what was saved in it, and only that
    widget(at, "text_area", "Evaluation notes").input("Both goals moved by four points.")
    widget(at, "text_area", "The carer's feedback, in their own words").input("I see him differently now.")
    at = submit(at, "Save final review")
    no_errors(at)
    widget(at, "checkbox", "The intervention has ended: close this family's case").check()
    at.run()
    widget(at, "button", "Close the case").click()
    at.run()
    no_errors(at)
    closed = reviewed.load("VIG-0001")
    assert closed.status is FamilyStatus.CLOSED and closed.closed_on == date.today()
    assert closed.final_review.carer_feedback == "I see him differently now."
    assert any("The case was closed" in s.value for s in at.success)


def test_the_shared_screen_needs_a_pin_first(reviewed, data_root):
    change_accounts(lambda accounts: setattr(accounts["ada"], "pin_hash", ""))
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.REVIEW.path)
    at.run()
    assert "Set your own PIN first" in at.warning[0].value
    assert widget(at, "button", "Open the shared screen").disabled


def test_still_holds_the_clips_chosen_frame_on_every_screen(reviewed):
    first = analysis.chosen(reviewed.load("VIG-0001").cycles[0])[0]
    reviewed.update("VIG-0001", lambda f: analysis.choose_still(f, 1, first.id, 1200))
    at = shared_screen()
    widget(at, "button_group", "How to watch").set_value("Still")
    at.run()
    no_errors(at)
    cue = stage.cue("ada", "VIG-0001", 1)
    shown = stage.scene(reviewed.load("VIG-0001"), cue, load_settings().lead_in_s)
    assert cue.still and shown.still and not shown.playing and shown.still_ms == 1200
    widget(at, "button_group", "How to watch").set_value("Very slow")
    at.run()
    shown = stage.scene(reviewed.load("VIG-0001"), stage.cue("ada", "VIG-0001", 1), 2)
    assert not shown.still and shown.playing and shown.rate == 0.25
    assert (shown.start_ms, shown.moment_ms, shown.end_ms) == (0, 500, 2000)  # a 2 s lead-in, cut at the start


def test_the_presenter_view_drives_the_cue_and_keeps_a_private_note(reviewed):
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.REVIEW.path)
    at.run()
    widget(at, "button", "Shared review on two screens").click()
    at.run()
    no_errors(at)
    # A browser follows the redirect to the presenter's own address; AppTest stays on the one it asked for.
    at.switch_page(pages.PRESENTER.path)
    at.run()
    note = "Private note (never on the carer's screen)"
    assert [t.label for t in at.text_area] == [*load_settings().prompts, note]
    widget(at, "text_area", note).input("Ask about contact on Tuesday.")
    at.run()
    assert reviewed.load("VIG-0001").cycles[0].review.guider_note == "Ask about contact on Tuesday."
    first, second = analysis.chosen(reviewed.load("VIG-0001").cycles[0])
    widget(at, "button_group", "How to watch").set_value("Slow")
    at.run()
    widget(at, "toggle", "Loop").set_value(False)
    at.run()
    cue = stage.cue("ada", "VIG-0001", 1)
    assert (cue.rate, cue.loop) == (0.5, False)
    widget(at, "button", "Clip 2").click()
    at.run()
    assert stage.cue("ada", "VIG-0001", 1).clip_id == second.id
    goal = reviewed.load("VIG-0001").goals[0]
    widget(at, "selectbox", "The goal this moment speaks to").set_value(goal.id)
    at.run()
    widget(at, "slider", "Lead-in before the moment (seconds)").set_value(3.5)
    at.run()
    no_errors(at)
    saved = reviewed.load("VIG-0001").cycles[0].clips
    assert next(c for c in saved if c.id == second.id).goal_id == goal.id
    assert next(c for c in saved if c.id == second.id).lead_in_ms == 3500
    shown = stage.scene(reviewed.load("VIG-0001"), stage.cue("ada", "VIG-0001", 1), 2)
    assert (shown.start_ms, shown.moment_ms) == (0, 3000)  # 3.5 s before 3.0 s: from the film's start


def test_last_time_you_said_is_shown_only_when_the_guider_chooses(reviewed):
    def two_cycles(f):
        goal = f.goals[0]
        first = analysis.chosen(f.cycles[0])[0]
        review.set_goal(f, 1, first.id, goal.id)
        review.reflect(f, 1, first.id, "What do you notice?", "He looks up at me.")
        f.cycles.append(f.cycles[0].model_copy(update={"number": 2, "review": None}, deep=True))
        for clip in f.cycles[1].clips:
            clip.id = clip.id[:-1] + "x"

    reviewed.update("VIG-0001", two_cycles)
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.REVIEW.path)
    at.run()  # the latest cycle, 2, is the one shown
    widget(at, "button", "Shared review on two screens").click()
    at.run()
    at.switch_page(pages.PRESENTER.path)  # where a browser goes by itself
    at.run()
    assert stage.cue("ada", "VIG-0001", 2).words == ()  # nothing by default
    said = widget(at, "multiselect", "Last time you said… (shown on the carer's screen only if you choose)")
    assert said.options == ["“He looks up at me.” (cycle 1)"]
    said.set_value(["“He looks up at me.” (cycle 1)"])
    at.run()
    no_errors(at)
    assert stage.cue("ada", "VIG-0001", 2).words == ("“He looks up at me.” (cycle 1)",)


def test_the_carers_link_is_made_on_the_review_page_shown_once_and_ended_there(reviewed):
    def review_page():
        at = app({"family": "VIG-0001"})
        at.switch_page(pages.REVIEW.path)
        return at.run()

    at = review_page()
    assert any("record their consent to that on the Goals step" in c.value for c in at.caption)
    assert not [b for b in at.button if b.label == "Make the carer's link"]
    soon = datetime.now() + timedelta(minutes=5)

    def consent_and_book(f):
        add_consent(f, "Jo Smith", "foster carer", date.today(), [ConsentScope.REMOTE_REVIEW])
        book(f, SessionKind.SHARED_REVIEW, soon.date(), soon.time().replace(second=0, microsecond=0))

    reviewed.update("VIG-0001", consent_and_book)
    at = review_page()
    widget(at, "button", "Make the carer's link").click()
    at.run()
    no_errors(at)
    kept = reviewed.load("VIG-0001").invitations
    assert len(kept) == 1 and kept[0].carer == "Jo Smith" and kept[0].made_by == "ada"
    link = at.code[0].value
    assert "/join#" in link and invitations.digest(link.split("#")[1]) == kept[0].token_hash
    code = invitations.code_for(kept[0].id)
    assert any(f"{code[:3]} {code[3:]}" in m.value for m in at.markdown)  # the code to read on the phone
    at = review_page()  # another session: the family never held the link, so it is not shown again
    assert not at.code
    widget(at, "button", "End this link").click()
    at.run()
    assert reviewed.load("VIG-0001").invitations[0].ended == "ended by the guider"
