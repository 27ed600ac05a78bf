import json

from workbench import Caseload, Cycle
from workbench.care.retention import erase_family
from workbench.core.caseload import INDEX_FILE, problems, search

from ..conftest import make_family


def test_summaries_show_what_the_caseload_lists(store):
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002", child={"name": "T.J.", "year_of_birth": 2019}, guider="Mo Khan"))
    store.update("VIG-0002", lambda f: f.cycles.append(Cycle(number=2)))
    by_code = {s.code: s for s in Caseload(store).summaries()}
    assert by_code["VIG-0002"].child == "T.J." and by_code["VIG-0002"].guider == "Mo Khan"
    assert by_code["VIG-0002"].current_cycle == 2 and by_code["VIG-0001"].status == "active"
    assert by_code["VIG-0002"].last_activity >= by_code["VIG-0001"].last_activity


def test_search_and_filter(store):
    store.create(make_family("VIG-0001", guider="Mo Khan"))
    store.create(make_family("VIG-0002", child={"name": "Ava", "year_of_birth": 2018}))
    store.create(make_family("VIG-0003", status="closed", closed_on="2026-01-01"))
    summaries = Caseload(store).summaries()
    assert [s.code for s in search(summaries, "khan")] == ["VIG-0001"]
    assert [s.code for s in search(summaries, "ava")] == ["VIG-0002"]
    assert [s.code for s in search(summaries, "vig-0003")] == ["VIG-0003"]
    assert {s.code for s in search(summaries, status="active")} == {"VIG-0001", "VIG-0002"}
    assert [s.code for s in search(summaries, status="closed")] == ["VIG-0003"]


def test_the_index_is_only_a_cache_and_never_stale(store):
    store.create(make_family("VIG-0001"))
    caseload = Caseload(store)
    assert caseload.summaries()[0].guider == "Dr Ada Patel"
    assert (store.root / INDEX_FILE).exists()
    store.update("VIG-0001", lambda f: setattr(f, "guider", "Mo Khan"))
    assert caseload.summaries()[0].guider == "Mo Khan"  # a save gives a new fingerprint

    # A lying index entry is ignored as soon as the store's fingerprint differs from it.
    index = json.loads((store.root / INDEX_FILE).read_text())
    index["entries"]["VIG-0001"]["summary"]["guider"] = "Wrong"
    index["entries"]["VIG-0001"]["fingerprint"][0] += 1
    (store.root / INDEX_FILE).write_text(json.dumps(index))
    assert caseload.summaries()[0].guider == "Mo Khan"

    (store.root / INDEX_FILE).write_text("{ broken")
    assert caseload.summaries()[0].guider == "Mo Khan"

    store.create(make_family("VIG-0002"))
    assert [s.code for s in caseload.summaries()] == ["VIG-0001", "VIG-0002"]


def test_an_unreadable_store_is_listed_as_a_problem_and_left_alone(store):
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002"))
    broken = store.store_path("VIG-0002")
    broken.write_text('{"meta": ')
    summaries = Caseload(store).summaries()
    assert [s.code for s in search(summaries)] == ["VIG-0001"]
    (problem,) = problems(summaries)
    assert problem.code == "VIG-0002" and "could not be read" in problem.problem
    assert broken.read_text() == '{"meta": '


def test_stray_folders_are_not_families(store):
    store.create(make_family("VIG-0001"))
    (store.families_dir / "not a code").mkdir()
    (store.families_dir / "EMPTY").mkdir()
    (store.families_dir / "notes.txt").write_text("x")
    (store.families_dir / "VIG-0009").symlink_to(store.family_dir("VIG-0001"))  # a linked folder leads anywhere
    assert [s.code for s in Caseload(store).summaries()] == ["VIG-0001"]


def test_lines_held_in_the_process_never_outlive_a_save_an_erasure_or_a_new_family(store):
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002"))
    first = Caseload(store).summaries()
    assert Caseload(store).summaries() == first  # nothing changed: the same lines
    store.update("VIG-0002", lambda f: setattr(f, "guider", "Mo Khan"))  # another session's save
    assert {s.code: s.guider for s in Caseload(store).summaries()}["VIG-0002"] == "Mo Khan"
    erase_family(store, "VIG-0001")
    assert [s.code for s in Caseload(store).summaries()] == ["VIG-0002"]  # erased: gone from the next run
    store.create(make_family("VIG-0003"))
    assert [s.code for s in Caseload(store).summaries()] == ["VIG-0002", "VIG-0003"]


def test_a_tampered_index_never_breaks_the_caseload(store):
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002"))
    Caseload(store).summaries()
    index = store.root / INDEX_FILE
    document = json.loads(index.read_text())
    document["entries"]["VIG-0001"]["summary"]["place"] = "x"
    document["entries"]["VIG-0002"]["summary"]["sessions"] = [{"kind": "filming", "starts_at": "9999-12-31T23:00"}]
    index.write_text(json.dumps(document))
    summaries = {s.code: s for s in Caseload(store).summaries()}  # the damaged entries are read again
    assert summaries["VIG-0001"].where.stage.value == "goals to agree" and summaries["VIG-0002"].sessions == []


def test_a_supervisor_consent_withdrawn_from_a_later_date_ends_on_that_date(store):
    from datetime import date, timedelta

    from workbench.care.consent import add_consent, withdraw_consent

    def consent_then_withdraw_from_tomorrow(family):
        given = add_consent(family, "Jo", "parent", date.today(), ["viewing by a VIG supervisor"])
        withdraw_consent(family, given.id, date.today() + timedelta(days=1))

    store.create(make_family("VIG-0001"))
    store.update("VIG-0001", consent_then_withdraw_from_tomorrow)
    summary, = Caseload(store).summaries()
    assert summary.supervisor_consent_on(date.today())
    assert not summary.supervisor_consent_on(date.today() + timedelta(days=1))  # the index needs no new save
