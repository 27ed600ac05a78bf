"""The supervision log: sessions a supervisor records, the guider's reflections, and the stage they move."""

from datetime import date, timedelta

import pytest

from workbench import FamilyStore
from workbench.care.retention import erase_family
from workbench.core.errors import InvalidInput
from workbench.model import Cycle, SharedReview
from workbench.supervision import log as supervision
from workbench.trust.audit import entries

from ..conftest import make_family
from ..pages.helpers import account

DAY = date(2026, 3, 2)


@pytest.fixture
def people(data_root):
    return {name: account(name) for name in ("ada", "sue", "ben", "max")}  # max: the administrator


def written_up(number: int, held_on: date) -> Cycle:
    return Cycle(number=number, review=SharedReview(held_on=held_on, written_on=held_on))


def test_a_supervisor_logs_a_session_and_the_guider_reflects_on_it(people, data_root):
    FamilyStore().create(make_family("VIG-0001"))
    added = supervision.log_session(people["sue"], "ada", held_on=DAY, minutes=60, stage=1, families=["vig-0001"],
                                    notes="We watched her second review.", actions="Wait longer before naming.")
    assert added.families == ["VIG-0001"] and added.supervisor == "sue"
    supervision.reflect(people["ada"], added.id, "I rushed the naming; next time I will wait.")
    log = supervision.read_log(people["ada"], "ada")
    assert log.sessions[0].reflection.startswith("I rushed") and log.sessions[0].reflected_on == date.today()
    assert supervision.read_log(people["sue"], "ada").sessions[0].notes == "We watched her second review."
    supervision.write_statement(people["ada"], "What I learnt about attunement.")
    assert supervision.read_log(people["ada"], "ada").statement == "What I learnt about attunement."
    # The supervisor's read and write are in the audit log; the guider reading their own record is not.
    lines = [(e.who, e.what, e.detail) for e in entries(data_root, what="supervision")]
    assert ("sue", "supervision", "logged a session with ada") in lines
    assert ("sue", "supervision", "read ada's record") in lines and not any(w == "ada" for w, _, _ in lines)


@pytest.mark.parametrize("change, says", [
    ({"held_on": timedelta(days=1)}, "cannot be in the future"),  # from today when the test runs, not collected
    ({"families": ["VIG-0002"]}, "not one of this guider's families"),
    ({"families": ["../../etc"]}, "not one of this guider's families"),
    ({"minutes": 5}, "Length"),
    ({"stage": 4}, "stage"),
    ({"notes": "x" * 20_001}, "Notes"),
    ({"notes": "bell\x07"}, "control characters"),
])
def test_a_session_that_cannot_be_right_is_refused_with_a_reason(people, change, says):
    FamilyStore().create(make_family("VIG-0001"))
    FamilyStore().create(make_family("VIG-0002", guider_account="ben"))
    if isinstance(change.get("held_on"), timedelta):
        change = {**change, "held_on": date.today() + change["held_on"]}
    fields = dict(held_on=DAY, minutes=60, stage=1, families=["VIG-0001"], notes="", actions="") | change
    with pytest.raises(InvalidInput, match=says):
        supervision.log_session(people["sue"], "ada", **fields)
    assert supervision.read_log(people["ada"], "ada").sessions == []


def test_progress_counts_from_the_store_and_a_sign_off_starts_the_next_stage(people):
    store = FamilyStore()
    store.create(make_family("VIG-0001", cycles=[written_up(1, date(2026, 1, 5)), written_up(2, date(2026, 3, 9))]))
    store.create(make_family("VIG-0002", cycles=[written_up(1, date(2026, 1, 6))]))
    store.create(make_family("VIG-0003", guider_account="ben", cycles=[written_up(1, date(2026, 1, 6))]))
    for day in (date(2026, 1, 10), DAY):
        supervision.log_session(people["sue"], "ada", held_on=day, minutes=60, stage=1, families=[], notes="",
                                actions="", signs_off_stage=day == DAY)
    log, now = supervision.standing(people["ada"], "ada")
    assert log.signed_off == [DAY]
    assert now.targets.stage == 2 and now.since == DAY
    assert (now.counts.cycles, now.counts.clients, now.counts.hours) == (1, 1, 0)  # only after 2 March


def test_an_erased_family_leaves_every_supervision_log(people):
    store = FamilyStore()
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002"))
    supervision.log_session(people["sue"], "ada", held_on=DAY, minutes=60, stage=1,
                            families=["VIG-0001", "VIG-0002"], notes="", actions="")
    erase_family(store, "VIG-0001")
    assert supervision.read_log(people["ada"], "ada").sessions[0].families == ["VIG-0002"]
    raw = b"".join(p.read_bytes() for p in (store.root / "supervision").glob("*.json"))
    assert b"VIG-0001" not in raw


def test_erasure_takes_the_code_out_of_every_word_and_a_damaged_log_cannot_stop_it(people, data_root):
    store = FamilyStore()
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002"))
    session = supervision.log_session(people["sue"], "ada", held_on=DAY, minutes=60, stage=1,
                                      families=["VIG-0001"], notes="VIG-0001's review; vig-0001 again; VIG-00012",
                                      actions="")
    supervision.reflect(people["ada"], session.id, "With VIG-0001 I waited.")
    (data_root / "supervision" / "ben.json").write_text('{"guider": "ben", "sessions": [{"held_on": "VIG-0001"')
    erase_family(store, "VIG-0001")
    (logged,) = supervision.read_log(people["ada"], "ada").sessions
    assert logged.families == []
    assert logged.notes == "an erased family's review; an erased family again; VIG-00012"
    assert logged.reflection == "With an erased family I waited."
    assert b"VIG-0001\"" not in (data_root / "supervision" / "ben.json").read_bytes()  # cleaned as text


def test_a_damaged_log_is_refused_with_a_reason_and_left_as_it_was(people, data_root):
    path = data_root / "supervision" / "ada.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"guider": "ada", "sessions": [')
    with pytest.raises(supervision.RecordUnreadable, match="left untouched"):
        supervision.read_log(people["ada"], "ada")
    with pytest.raises(supervision.RecordUnreadable):
        supervision.write_statement(people["ada"], "Mine")
    assert path.read_text() == '{"guider": "ada", "sessions": ['


def test_a_removed_account_takes_its_log_with_it(people, data_root):
    from workbench.trust.accounts import create_account, remove_account

    supervision.write_statement(people["ada"], "The first Ada's statement.")
    remove_account("ada")
    newcomer = create_account("ada", "Ada Newcomer", "another long passphrase", ["guider"])
    assert supervision.read_log(newcomer, "ada").statement == ""


def test_only_the_stage_being_worked_on_is_signed_off_and_nobody_supervises_themself(people, data_root):
    from workbench.trust.access import AccessDenied
    from workbench.trust.accounts import change_account

    with pytest.raises(InvalidInput, match="working on stage 1"):
        supervision.log_session(people["sue"], "ada", held_on=DAY, minutes=60, stage=3, families=[], notes="",
                                actions="", signs_off_stage=True)
    both = change_account("ada", roles=["guider", "supervisor"], supervises=["ada"])
    with pytest.raises(AccessDenied):
        supervision.log_session(both, "ada", held_on=DAY, minutes=60, stage=1, families=[], notes="", actions="",
                                signs_off_stage=True)


def test_only_the_supervisor_who_recorded_a_session_takes_it_out(people, data_root):
    from workbench.trust.access import AccessDenied

    session = supervision.log_session(people["sue"], "ada", held_on=DAY, minutes=60, stage=1, families=[],
                                      notes="Recorded by mistake.", actions="", signs_off_stage=True)
    for who in ("ada", "ben"):
        with pytest.raises(AccessDenied):
            supervision.remove_session(people[who], "ada", session.id)
    supervision.remove_session(people["sue"], "ada", session.id)
    assert supervision.read_log(people["ada"], "ada").sessions == []
    assert ("sue", "removed a session with ada") in [(e.who, e.detail) for e in entries(data_root)]


def test_erasing_a_family_keeps_the_guiders_count_and_nothing_of_the_family(people, data_root):
    store = FamilyStore()
    store.create(make_family("VIG-0001", cycles=[written_up(1, date(2026, 1, 5)), written_up(2, date(2026, 2, 5))]))
    store.create(make_family("VIG-0002", cycles=[written_up(1, date(2026, 1, 9))]))
    _, before = supervision.standing(people["ada"], "ada")
    erase_family(store, "VIG-0001")
    _, after = supervision.standing(people["ada"], "ada")
    assert (before.counts.cycles, before.counts.clients) == (after.counts.cycles, after.counts.clients) == (3, 2)
    assert after.counts.families == ("VIG-0002",) and after.counted_families == "VIG-0002, 1 family since erased"
    kept = (data_root / "supervision" / "ada.json").read_text()
    assert "VIG-0001" not in kept and "Sam" not in kept and "2026-02-05" in kept
