"""Findings 6 and 7: a supervisor reads and comments, and nothing else, by any path; administration is audited."""

from __future__ import annotations

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.care.archive import download_path, export_family
from workbench.care.consent import add_consent
from workbench.cycle import reels
from workbench.cycle.documents import queue_summary
from workbench.cycle.summary import build_summary
from workbench.media import staging as ingest
from workbench.trust.access import AccessDenied, edit_guard
from workbench.trust.audit import entries
from workbench.ui import pages

from ..films import full_intervention
from ..pages.helpers import account, app, submit, widget

MAKES = ("Add this film", "Remove film", "Make the summary", "Make the archive", "Open the shared screen",
         "Make the review reel of cycle 1", "Make side by side", "Start cycle 2…", "Start cycle 2", "Save write-up")


@pytest.fixture
def supervised(data_root, films):
    store = FamilyStore()
    full_intervention(store, "VIG-0001", films["silent"], cycles=1, clips_per_cycle=2)
    store.update("VIG-0001", lambda f: add_consent(f, "Jo", "parent", date.today(), ["viewing by a VIG supervisor"]))
    account("ada")
    account("sue")
    return store


def test_a_supervisor_sees_no_panel_that_makes_or_deletes(supervised):
    for page in pages.CYCLE:
        at = app({"family": "VIG-0001"}, as_user="sue")
        at.switch_page(page.path).run()
        assert not at.exception, page
        labels = {b.label for b in at.button} | {b.label for b in at.get("form_submit_button")}
        assert not labels & set(MAKES), (page, labels & set(MAKES))
        assert not at.get("file_uploader") and not at.get("download_button"), page
    at = app({"family": "VIG-0001"}, as_user="sue")
    at.switch_page(pages.REVIEW.path).run()
    assert [b.label for b in at.get("form_submit_button")] == ["Add the comment"]  # the one thing they may add


def test_no_service_makes_copies_or_films_for_a_supervisor(supervised, films):
    sue = FamilyStore(guard=edit_guard(account("sue")))
    for attempt in (lambda: reels.review_reel(sue, "VIG-0001", 1),
                    lambda: reels.queue_review_reel(sue, "VIG-0001", 1),
                    lambda: queue_summary(sue, "VIG-0001"),
                    lambda: export_family(sue, "VIG-0001", download_path(supervised, "VIG-0001")),
                    lambda: build_summary(sue, "VIG-0001"),
                    lambda: ingest.stage_file(sue, "VIG-0001", films["landscape"])):
        with pytest.raises(AccessDenied):
            attempt()
    assert not list((supervised.root / ".archives").glob("*.zip"))


def test_settings_changes_are_audited(data_root):
    """Finding 7 (account changes: tests/pages/test_admin_pages.py; sign-out and PINs: test_sessions_and_pins.py)."""
    at = app(as_user="max")
    at.switch_page(pages.SETTINGS.path).run()
    widget(at, "number_input", "Sign out after this many idle minutes").set_value(15)
    at = submit(at, "Save privacy settings")
    assert [(e.who, e.what, e.detail) for e in entries()][0] == (
        "max", "settings change", "Minutes without activity before signing out")
