"""The administrator's pages: accounts, retention with erasure, the audit log; and erasure on withdrawal (issue 7)."""

from datetime import date

from workbench import Caseload
from workbench.jobs.board import families_due
from workbench.jobs.queue import queue_for
from workbench.model import Child
from workbench.running.worker import retention_check
from workbench.trust.accounts import NO_ROLE, load_accounts
from workbench.trust.audit import AuditEvent, entries, record
from workbench.ui import pages
from workbench.ui.widgets import plain

from ..conftest import make_family
from ..films import full_intervention, nothing_left_of
from .helpers import PASSWORD, account, app, no_errors, submit, widget


def test_an_admin_adds_a_supervisor_for_a_guider(data_root):
    account("ada")
    at = app(as_user="max")
    widget(at, "text_input", "User name").input("sue")
    widget(at, "text_input", "Name").input("Sue Grant")
    widget(at, "text_input", "First password").input(PASSWORD)
    assert widget(at, "multiselect", "Roles").value == []  # no role until the administrator chooses one
    at = submit(at, "Add the account")
    assert "sue" not in load_accounts() and at.error[0].value == plain(NO_ROLE)  # said plainly; nothing made
    widget(at, "text_input", "First password").input("short")
    widget(at, "multiselect", "Roles").set_value(["supervisor"])
    widget(at, "multiselect", "Supervises (supervisors only)").set_value(["ada"])
    at = submit(at, "Add the account")
    assert "at least 10 characters" in at.error[0].value and "sue" not in load_accounts()
    widget(at, "text_input", "First password").input(PASSWORD)
    at = submit(at, "Add the account")
    no_errors(at)
    sue = load_accounts()["sue"]
    assert [r.value for r in sue.roles] == ["supervisor"] and sue.supervises == ["ada"]
    assert [(e.who, e.what, e.detail) for e in entries()][0] == ("max", "account change", "created sue (supervisor)")


def test_retention_lists_what_is_due_and_erases_only_after_the_code_is_typed(store, films):
    full_intervention(store, "VIG-0001", films["silent"], cycles=1, clips_per_cycle=1)  # closed today
    store.update("VIG-0001", lambda f: setattr(f, "child", Child(name="Quillon", year_of_birth=2018)))
    store.update("VIG-0001", lambda f: setattr(f, "closed_on", date(2025, 1, 1)))
    store.create(make_family("VIG-0002"))
    Caseload(store).summaries()
    assert retention_check(queue_for(store.root), store.root) == ["VIG-0001"]  # the queue's hourly check
    assert store.codes() == ["VIG-0001", "VIG-0002"]  # it lists; it never erases
    at = app(as_user="max")
    at.switch_page(pages.RETENTION.path).run()
    assert "1 family is due for erasure." in [w.value for w in at.sidebar.warning]
    assert list(at.dataframe[0].value["Family"]) == ["VIG-0001"]
    erase = next(b for b in at.button if b.label.startswith("Erase family"))
    assert erase.disabled
    widget(at, "text_input", "To confirm, type the family code VIG-0001").input("VIG-0002").run()
    assert next(b for b in at.button if b.label.startswith("Erase family")).disabled
    widget(at, "text_input", "To confirm, type the family code VIG-0001").input("vig-0001").run()
    next(b for b in at.button if b.label.startswith("Erase family")).click().run()
    no_errors(at)
    assert "was erased" in at.success[0].value
    assert store.codes() == ["VIG-0002"]
    assert families_due(store.root)[1] == []
    nothing_left_of(store, "VIG-0001", "Quillon", "I felt proud")  # the queue's own file included
    assert [(e.who, e.what, e.family) for e in entries(what="erase")] == [("max", "erase", "VIG-0001")]


def test_withdrawing_consent_offers_erasure_and_the_guider_can_erase(store, films):
    full_intervention(store, "VIG-0001", films["silent"], cycles=1, clips_per_cycle=1)
    store.update("VIG-0001", lambda f: setattr(f, "status", "active"))
    at = app({"family": "VIG-0001"})
    at.switch_page(pages.GOALS.path).run()
    at = submit(at, "Withdraw consent")
    no_errors(at)
    offer = " ".join(m.value for m in at.markdown)
    assert "Consent withdrawn" in offer and "no new film can be added" in offer
    widget(at, "text_input", "To confirm, type the family code VIG-0001").input("VIG-0001").run()
    next(b for b in at.button if b.label.startswith("Erase family")).click().run()
    no_errors(at)
    assert [t.value for t in at.title] == ["Caseload"] and "was erased" in at.success[0].value
    assert store.codes() == []
    nothing_left_of(store, "VIG-0001", "Sam", "Jo Smith")
    assert [e.what for e in entries(family="VIG-0001")][:2] == ["erase", "consent change"]


def test_the_audit_log_is_filtered_by_who_what_and_family(store):
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002"))
    for code in ("VIG-0001", "VIG-0002"):
        app({"family": code}).switch_page(pages.GOALS.path).run()
    record("max", AuditEvent.LOGIN)
    at = app(as_user="max")
    at.switch_page(pages.AUDIT_LOG.path).run()
    assert list(at.dataframe[0].value["What"]) == ["Login", "View family", "View family"]  # newest first
    widget(at, "text_input", "Family code").input("vig-0002").run()
    assert list(at.dataframe[0].value["Family"]) == ["VIG-0002"]
    widget(at, "text_input", "Family code").input("").run()
    widget(at, "text_input", "Who").input("max").run()
    assert list(at.dataframe[0].value["What"]) == ["Login"]
    widget(at, "text_input", "Who").input("").run()
    widget(at, "selectbox", "What").set_value(AuditEvent.VIEW_FAMILY).run()
    assert list(at.dataframe[0].value["Who"]) == ["ada", "ada"]
