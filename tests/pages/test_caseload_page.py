from datetime import date, datetime, time, timedelta

from workbench import Caseload, FamilyStore
from workbench.core.caseload import problems
from workbench.cycle.bookings import book
from workbench.trust.audit import entries
from workbench.ui import pages

from ..conftest import make_family
from ..cycle.test_bookings import _filmed_days_ago
from .helpers import app, no_errors, shown, submit, widget


def test_empty_caseload_invites_a_first_family(data_root):
    at = app()
    no_errors(at)
    assert at.title[0].value == "Caseload"
    assert "No families yet" in at.info[0].value


def fill_new_family(at, **values):
    widget(at, "button", "New family").click()
    at.run()
    for label, value in values.items():
        widget(at, "text_input", label).input(value)
    return submit(at, "Create family")


def test_creating_a_family_opens_it_on_the_goals_step(data_root):
    at = fill_new_family(app(), **{"Guider": "Dr Ada Patel", "Child's first name or initials": "Sam",
                                   "Carer 1's name": "Jo Smith"})
    no_errors(at)
    assert at.query_params["family"] == ["VIG-0001"] or at.query_params["family"] == "VIG-0001"
    assert at.title[0].value == "1 · Goals"
    family = FamilyStore().load("VIG-0001")
    assert family.child.name == "Sam" and family.carers[0].name == "Jo Smith"
    assert [c.name for c in family.carers] == ["Jo Smith"]  # the empty optional carer is not added


def test_invalid_new_family_shows_why_and_saves_nothing(data_root):
    at = fill_new_family(app(), **{"Family code": "../../etc", "Guider": "Dr Ada Patel",
                                   "Child's first name or initials": "Samuel James Smith", "Carer 1's name": "Jo"})
    messages = " ".join(e.value for e in at.error)
    assert "slashes or dots" in messages
    assert FamilyStore().codes() == []
    widget(at, "text_input", "Family code").input("VIG-0009")
    at = submit(at, "Create family")
    assert "only the child's first name or initials" in " ".join(e.value for e in at.error)
    assert FamilyStore().codes() == []


def test_duplicate_code_is_refused(data_root):
    FamilyStore().create(make_family("VIG-0001"))
    at = fill_new_family(app(), **{"Family code": "vig-0001", "Guider": "X", "Child's first name or initials": "Al",
                                   "Carer 1's name": "Jo"})
    assert "already exists" in at.error[0].value


def test_search_filters_the_table(data_root):
    store = FamilyStore()
    store.create(make_family("VIG-0001", guider="Mo Khan"))
    store.create(make_family("VIG-0002"))
    at = app()
    assert len(at.dataframe[0].value) == 2
    widget(at, "text_input", "Search").input("khan")
    at.run()
    table = at.dataframe[0].value
    assert list(table["Code"]) == ["VIG-0001"]
    assert any("1 of 2 families" in caption.value for caption in at.caption)
    widget(at, "text_input", "Search").input("nobody")
    at.run()
    assert "No family matches" in at.info[0].value


def test_a_damaged_store_is_named_and_the_rest_still_listed(data_root):
    store = FamilyStore()
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002"))
    Caseload(store).summaries()  # the guider has seen it whole: the index remembers it is Ada's
    store.store_path("VIG-0002").write_text("not json")
    at = app()
    assert "VIG-0002" in shown(at.error[0].value) and "could not be read" in at.error[0].value
    assert list(at.dataframe[0].value["Code"]) == ["VIG-0001"]
    assert store.store_path("VIG-0002").read_text() == "not json"
    assert len(problems(Caseload(store).summaries())) == 1
    assert not app(as_user="ben").error  # another guider is told nothing of it


def test_a_store_never_read_whole_is_named_to_the_administrator(data_root):
    store = FamilyStore()
    store.create(make_family("VIG-0002"))
    store.store_path("VIG-0002").write_text("not json")
    assert not app().error
    at = app(as_user="max")
    assert any("VIG-0002" in shown(e.value) and "could not be read" in e.value for e in at.error)


def test_restoring_an_archive_and_renaming_when_the_code_is_taken(data_root, tmp_path):
    """An administrator restores from the import folder (guiders upload; they can never give a server path)."""
    from workbench.care.archive import export_family, import_folder

    source = FamilyStore(tmp_path / "elsewhere")
    source.create(make_family("VIG-0001", guider="Mo Khan"))
    store = FamilyStore()
    archive = export_family(source, "VIG-0001", import_folder(store) / "VIG-0001.zip")
    store.create(make_family("VIG-0001"))

    assert not [w for w in app().text_input if "path" in w.label]  # a guider has no way to name a file
    at = app(as_user="max")  # an administrator, on Accounts → Families without a guider
    widget(at, "selectbox", "…or an archive in the import folder").set_value(archive)
    at.run()
    widget(at, "button", "Restore").click()
    at.run()
    assert "already exists" in at.error[0].value and "type another code" in at.error[0].value
    widget(at, "text_input", "Restore under another code (only if its code is already used here)").input("VIG-0002")
    at.run()
    widget(at, "button", "Restore").click()
    at.run()
    no_errors(at)
    assert "VIG-0002 is restored" in at.success[0].value and store.load("VIG-0002").guider == "Mo Khan"
    assert [(e.what, e.family, e.detail) for e in entries()][0] == ("restore", "VIG-0002", "from the import folder")

    (import_folder(store) / "bad.zip").write_text("not a zip")
    at = app(as_user="max")
    widget(at, "selectbox", "…or an archive in the import folder").set_value(import_folder(store) / "bad.zip")
    at.run()
    widget(at, "button", "Restore").click()
    at.run()
    assert "not a readable .zip" in shown(at.error[0].value)


def _monday_caseload(store: FamilyStore) -> None:
    """Three families: a shared review overdue, a filming booked this week, and one with nothing due yet."""
    store.create(make_family("VIG-0001", child={"name": "Sam", "year_of_birth": 2019}))
    store.update("VIG-0001", _filmed_days_ago(20))
    store.create(make_family("VIG-0002", child={"name": "Ava", "year_of_birth": 2018}))
    store.update("VIG-0002", lambda f: book(f, "filming", date.today() + timedelta(days=3), time(10, 30)))
    store.create(make_family("VIG-0003", child={"name": "Kai", "year_of_birth": 2017}))


def test_the_caseload_shows_each_familys_stage_next_step_and_booked_session(data_root):
    _monday_caseload(FamilyStore())
    at = app()
    no_errors(at)
    rows = {row["Code"]: row for row in at.dataframe[0].value.to_dict("records")}
    assert rows["VIG-0001"]["Stage"] == "Clips to choose"
    assert rows["VIG-0001"]["Next step"] == "Choose clips for cycle 1: the film is ready (filmed 20 days ago)"
    assert rows["VIG-0001"]["Overdue"] == "6 days"
    assert rows["VIG-0002"]["Stage"] == "Goals to agree" and rows["VIG-0002"]["Overdue"] == ""
    booked = datetime.combine(date.today() + timedelta(days=3), time(10, 30))
    assert rows["VIG-0002"]["Next session"] == f"{booked:%a %-d %b}, 10:30 · filming"
    assert rows["VIG-0003"]["Next session"] == ""


def test_this_week_lists_who_needs_the_guider_and_goes_straight_to_the_step(data_root):
    _monday_caseload(FamilyStore())
    at = app()
    week = [shown(m.value) for m in at.markdown if "VIG-000" in m.value]
    assert [w.split("**")[1] for w in week] == ["VIG-0001", "VIG-0002"]  # overdue first; VIG-0003 needs nothing
    steps = [shown(m.value) for m in at.markdown if "arrow_forward" in m.value]
    assert "Shared review overdue by 6 days" in steps[0] and "filming" in steps[1]
    widget(at, "button", "Go to this step").click()
    at.run()
    assert at.title[0].value == "3 · Micro-analysis"  # the overdue family's next step: choosing clips
    assert at.query_params["family"] in (["VIG-0001"], "VIG-0001")


def test_a_session_is_booked_from_the_family_page_and_reaches_the_caseload(data_root):
    FamilyStore().create(make_family("VIG-0001"))
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.GOALS.path)
    at.run()
    no_errors(at)
    assert at.title[0].value == "1 · Goals"
    assert any("Agree the helping question and goals" in m.value for m in at.markdown)
    day = date.today() + timedelta(days=2)
    widget(at, "selectbox", "Kind of session").set_value("shared review")
    widget(at, "date_input", "Date").set_value(day)
    widget(at, "time_input", "Time").set_value(time(14, 15))
    widget(at, "number_input", "Minutes").set_value(45)
    at = submit(at, "Book session")
    no_errors(at)
    session, = FamilyStore().load("VIG-0001").sessions
    assert (session.kind.value, session.starts_at, session.minutes) == (
        "shared review", datetime.combine(day, time(14, 15)), 45)
    label = f"Next session: {day:%a %-d %b}, 14:15 · shared review"
    assert label in [p.proto.popover.label for p in at.get("popover")]
    widget(at, "button", "Cancel").click()
    at.run()
    assert FamilyStore().load("VIG-0001").sessions == []

