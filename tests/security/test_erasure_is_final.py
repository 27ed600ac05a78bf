"""Erasure is final: no save, film job, media write or caseload refresh brings an erased family back."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import Caseload, FamilyStore
from workbench.care.archive import ARCHIVES
from workbench.care.retention import erase_family, tidy_data_root
from workbench.core.caseload import INDEX_FILE
from workbench.core.errors import FamilyErased, FamilyNotFound, InvalidInput
from workbench.cycle.goals import set_helping_question
from workbench.media import clips as cuts
from workbench.media.library import ready_film

from ..conftest import ROOT, make_family
from ..films import family_with_film, nothing_left_of


def test_a_save_queued_behind_an_erasure_never_brings_the_family_back(store):
    store.create(make_family("VIG-0001"))
    inside, release = threading.Event(), threading.Event()

    def slow_change(family):
        inside.set()
        release.wait(10)
        set_helping_question(family, "Written while the erasure waits")

    saver = threading.Thread(target=lambda: store.update("VIG-0001", slow_change))
    saver.start()
    inside.wait(10)
    eraser = threading.Thread(target=erase_family, args=(store, "VIG-0001"))
    eraser.start()  # blocks on the family's lock until the save is done
    release.set()
    saver.join(10)
    eraser.join(10)
    assert not store.family_dir("VIG-0001").exists()
    with pytest.raises(FamilyErased):  # and a save that comes after it is refused, not written
        store.update("VIG-0001", lambda f: set_helping_question(f, "A late progress save"))
    assert not store.family_dir("VIG-0001").exists()
    nothing_left_of(store, "VIG-0001", "Sam")


def test_an_erased_code_cannot_be_created_again_or_restored_into(store):
    store.create(make_family("VIG-0001"))
    erase_family(store, "VIG-0001")
    with pytest.raises(InvalidInput, match="erased"):
        store.create(make_family("VIG-0001"))
    with pytest.raises(FamilyNotFound):
        store.load("VIG-0001")


def test_media_writes_after_erasure_make_no_folder(store, films):
    family_with_film(store, films["landscape"])
    film = ready_film(store, store.load("VIG-0001"), 1)
    erase_family(store, "VIG-0001")
    with pytest.raises(FamilyErased):
        cuts.export(film.files, film.proxy, 500, 1500)
    with pytest.raises(FamilyErased):
        cuts.still(film.files, film.proxy, 700)
    assert not store.family_dir("VIG-0001").exists()


# Erasure while a film is being prepared on the queue:
# tests/jobs/test_queue.py::test_erasing_a_family_during_its_job_leaves_nothing


def test_interrupted_imports_and_uploads_are_cleaned_at_start_and_by_erasure(store):
    store.create(make_family("VIG-0001"))
    staged = store.families_dir / ".importing-VIG-0001-0a1b2c"
    (staged / "media").mkdir(parents=True)
    (staged / "family.json").write_text('{"child": "Sam"}')
    archives = store.root / ARCHIVES
    archives.mkdir()
    made = archives / "VIG-0001-d4e5f6.zip"
    made.write_bytes(b"PK half an archive")
    erase_family(store, "VIG-0001")
    assert not staged.exists() and not made.exists()

    leftover = store.families_dir / ".importing-VIG-0002-777"
    leftover.mkdir()
    upload = archives / "incoming-123.zip"
    upload.write_bytes(b"PK")
    tidy_data_root(store)  # as the server does when it starts
    assert not leftover.exists() and not upload.exists()


def test_a_caseload_refresh_never_writes_an_erased_family_back(store):
    for n in range(1, 4):
        store.create(make_family(f"VIG-000{n}"))
    caseload = Caseload(store)
    caseload.summaries()
    original = caseload._summarise

    def erase_mid_refresh(code):
        summary = original(code)
        if code == "VIG-0002" and store.exists(code):
            erase_family(store, code)  # erased after its summary was read, before the index is written
        return summary

    store.update("VIG-0002", lambda f: set_helping_question(f, "changed, so the refresh re-reads it"))
    caseload._summarise = erase_mid_refresh
    caseload.summaries()
    index = (store.root / INDEX_FILE).read_text()
    assert "VIG-0002" not in index and "VIG-0001" in index


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_racing_saves_refreshes_and_erasures_across_processes_leave_no_trace(tmp_path_factory, seed):
    root = tmp_path_factory.mktemp("race")
    store = FamilyStore(root)
    codes = [f"VIG-000{n}" for n in range(1, 5)]
    for code in codes:
        store.create(make_family(code))
    racers = [subprocess.Popen([sys.executable, "-m", "tests.security.racer", str(root), role, str(seed + n), *codes],
                               cwd=ROOT) for n, role in enumerate(("save", "save", "refresh", "erase"))]
    for racer in racers:
        assert racer.wait(timeout=60) == 0
    Caseload(store).summaries()
    erased = [code for code in codes if store.is_erased(code)]
    for code in erased:
        assert not store.family_dir(code).exists(), code
        nothing_left_of(store, code)
    for code in set(codes) - set(erased):
        assert store.load(code).code == code


def test_a_caseload_refresh_that_listed_a_family_just_before_its_erasure_carries_on(store):
    """Found by the race above under load: the listing saw the folder, then the erasure removed it."""
    for n in (1, 2):
        store.create(make_family(f"VIG-000{n}"))
    listed = store.codes()
    erase_family(store, "VIG-0002")
    store.codes = lambda: listed  # the refresh listed both folders a moment before the erasure
    assert [s.code for s in Caseload(store).summaries()] == ["VIG-0001"]
