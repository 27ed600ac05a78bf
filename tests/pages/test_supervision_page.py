"""The Supervision page: a guider's progress and log, the supervisor's form, the guider's reflection."""

from datetime import date

from workbench import FamilyStore
from workbench.care.consent import add_consent
from workbench.model import Cycle, SharedReview
from workbench.supervision import log as supervision
from workbench.trust.audit import entries
from workbench.ui import pages

from ..conftest import make_family
from .helpers import account, app, no_errors, submit, widget

PAGE = pages.SUPERVISION.path


def supervision_page(as_user: str):
    at = app(as_user=as_user)
    at.switch_page(PAGE)
    return at.run()


def bars(at) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def test_the_guider_sees_progress_counted_from_the_families_and_writes_a_statement(data_root):
    FamilyStore().create(make_family("VIG-0001", cycles=[
        Cycle(number=1, review=SharedReview(held_on=date(2026, 1, 5), written_on=date(2026, 1, 5)))]))
    at = supervision_page("ada")
    no_errors(at)
    assert at.header[0].value == "Working towards stage 1"
    assert bars(at) == ["Cycles with the shared review written up: 1 of 6", "Different families: 1 of 2",
                        "Hours of supervision: 0 of 7"]
    assert not [w for w in at.get("form_submit_button") if w.label == "Record the session"]  # not hers to write
    widget(at, "text_area", "For the accreditation panel, at the end of stage 3").input("What I learnt.")
    at = submit(at, "Save the statement")
    no_errors(at)
    assert supervision.read_log(account("ada"), "ada").statement == "What I learnt."


def test_the_supervisor_records_a_session_and_the_guider_reflects_on_it(data_root):
    FamilyStore().create(make_family("VIG-0001"))
    account("ada")
    at = supervision_page("sue")
    no_errors(at)
    assert "Families counted" not in " ".join(c.value for c in at.caption)  # codes of families are the guider's
    widget(at, "multiselect", "Families discussed (by code)").set_value(["VIG-0001"])
    widget(at, "text_area", "Notes").input("We watched the second review together.")
    widget(at, "text_area", "Agreed actions").input("Wait before naming.")
    at = submit(at, "Record the session")
    no_errors(at)
    (session,) = supervision.read_log(account("ada"), "ada").sessions
    assert (session.supervisor, session.families, session.held_on) == ("sue", ["VIG-0001"], date.today())
    assert bars(at)[2] == "Hours of supervision: 1 of 7"
    assert "1 hour of supervision in all, every stage together." in [c.value for c in at.caption]
    lines = [(e.who, e.detail) for e in entries(data_root)]
    assert ("sue", "logged a session with ada") in lines
    assert lines.count(("sue", "read ada's record")) == 1  # once a sitting, however many runs
    made = [h.proto.body for h in at.get("html") if "/vig-made/" in h.proto.body]  # checked links, made when fetched
    assert [m.rsplit('">', 1)[1].removesuffix("</a>") for m in made] == ["Supervision record (Word)",
                                                                         "Supervision record (PDF)"]

    at = supervision_page("ada")
    widget(at, "text_area", "Your reflection").input("I named it too soon.")
    at = submit(at, "Save my reflection")
    no_errors(at)
    assert supervision.read_log(account("ada"), "ada").sessions[0].reflection == "I named it too soon."


def test_another_guider_sees_only_their_own_record(data_root):
    FamilyStore().create(make_family("VIG-0001"))
    account("ada")
    supervision.log_session(account("sue"), "ada", held_on=date(2026, 3, 2), minutes=60, stage=1,
                            families=["VIG-0001"], notes="Private to Ada and Sue.", actions="")
    at = supervision_page("ben")
    no_errors(at)
    assert "No session recorded yet" in " ".join(c.value for c in at.caption)
    assert "Private to Ada and Sue" not in str([m.value for m in at.markdown])
    assert not at.get("selectbox")  # no way to choose Ada


def test_each_role_is_shown_only_what_it_can_use(data_root):
    family = make_family()
    add_consent(family, "Jo Smith", "foster carer", date.today(), ["viewing by a VIG supervisor"])
    FamilyStore().create(family)
    account("sue")
    shown = {}
    for user in ("ada", "sue"):
        at = app({"family": "VIG-0001"}, as_user=user)
        at.switch_page(pages.GOALS.path)
        at.run()
        no_errors(at)
        shown[user] = ({link.proto.label for link in at.sidebar.get("page_link")},
                       [p.proto.popover.label for p in at.main.get("popover")])
    menu, sessions = shown["ada"]
    assert "Training copies" in menu and sessions == ["Book a session"]
    menu, sessions = shown["sue"]
    # The supervisor makes no training copies and books nothing: no menu entry, no button that only says so.
    assert "Training copies" not in menu and "Supervision film" in menu and sessions == []
    # A typed address still answers, in words, rather than "page not found".
    at.switch_page(pages.TRAINING.path)
    at.run()
    assert any("made by the family's guider" in i.value for i in at.info)
