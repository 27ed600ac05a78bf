from datetime import date, timedelta

import pytest

from workbench import Caseload
from workbench.care.archive import download_path, export_family
from workbench.care.retention import due_for_erasure, erase_family
from workbench.core.errors import FamilyNotFound
from workbench.core.settings import Settings, save_settings
from workbench.cycle.summary import build_summary, summary_folder
from workbench.cycle.word import write_docx
from workbench.model import Child

from ..conftest import make_family
from ..films import full_intervention, nothing_left_of


def test_closed_families_are_due_after_the_retention_period(store):
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002", status="closed", closed_on=date(2026, 1, 1)))
    store.create(make_family("VIG-0003", status="closed", closed_on=date(2026, 2, 20)))
    due = due_for_erasure(store, today=date(2026, 3, 3))
    assert [(d.code, d.due_on) for d in due] == [("VIG-0002", date(2026, 3, 2))]
    save_settings(Settings(retention_days=10), store.root)
    assert [d.code for d in due_for_erasure(store, today=date(2026, 3, 3))] == ["VIG-0002", "VIG-0003"]


def test_erasing_leaves_nothing_of_the_family_anywhere_under_the_data_root(store, films):
    full_intervention(store, "VIG-0001", films["silent"], cycles=2, clips_per_cycle=2)
    store.update("VIG-0001", lambda f: setattr(f, "child", Child(name="Quillon", year_of_birth=2018)))
    full_intervention(store, "VIG-0002", films["silent"], cycles=1, clips_per_cycle=1)
    write_docx(build_summary(store, "VIG-0001"), summary_folder(store, "VIG-0001") / "summary.docx")
    export_family(store, "VIG-0001", download_path(store, "VIG-0001"))
    Caseload(store).summaries()  # the index now holds the family's code and child
    files_before = [p for p in store.root.rglob("*") if p.is_file()]
    assert any(b"Quillon" in p.read_bytes() for p in files_before)

    erase_family(store, "VIG-0001")

    nothing_left_of(store, "VIG-0001", "Quillon")
    assert store.codes() == ["VIG-0002"] and store.load("VIG-0002").cycles[0].film.ready
    assert [s.code for s in Caseload(store).summaries()] == ["VIG-0002"]
    with pytest.raises(FamilyNotFound):
        erase_family(store, "VIG-0001")


def test_an_interrupted_erasure_is_finished(store):
    store.create(make_family("VIG-0001"))
    store.family_dir("VIG-0001").rename(store.families_dir / ".erasing-VIG-0001")  # as if the power went
    assert store.codes() == []
    due_for_erasure(store, today=date.today() + timedelta(days=1))
    assert not (store.families_dir / ".erasing-VIG-0001").exists()
