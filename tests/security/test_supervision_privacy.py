"""Who may read and write a guider's supervision record: the guider and their supervisors, no one else."""

from datetime import date

import pytest

from workbench import FamilyStore
from workbench.core.errors import InvalidInput
from workbench.supervision import log as supervision
from workbench.trust.access import AccessDenied
from workbench.trust.accounts import change_account

from ..conftest import make_family
from ..pages.helpers import account

DAY = date(2026, 3, 2)


@pytest.fixture
def logged(data_root):
    people = {name: account(name) for name in ("ada", "sue", "ben", "max")}
    FamilyStore().create(make_family("VIG-0001"))
    session = supervision.log_session(people["sue"], "ada", held_on=DAY, minutes=60, stage=1,
                                      families=["VIG-0001"], notes="Private supervision notes.", actions="")
    return people, session


@pytest.mark.parametrize("reader", ["ben", "max"])
def test_another_guider_or_an_administrator_cannot_read_the_record(logged, reader):
    people, _ = logged
    with pytest.raises(AccessDenied):
        supervision.read_log(people[reader], "ada")
    with pytest.raises(AccessDenied):
        supervision.standing(people[reader], "ada")


def test_only_the_guiders_own_supervisor_writes_sessions(logged):
    people, _ = logged
    for writer, guider in (("ada", "ada"), ("ben", "ada"), ("sue", "ben"), ("max", "ada")):
        with pytest.raises(AccessDenied):
            supervision.log_session(people[writer], guider, held_on=DAY, minutes=60, stage=1, families=[],
                                    notes="", actions="")
    assert len(supervision.read_log(people["ada"], "ada").sessions) == 1


def test_a_reflection_is_written_only_into_the_writers_own_record(logged):
    people, session = logged
    with pytest.raises(AccessDenied):
        supervision.reflect(people["sue"], session.id, "Written by the supervisor")  # not a guider
    with pytest.raises(InvalidInput):
        supervision.reflect(people["ben"], session.id, "Written by another guider")  # not in ben's record
    assert supervision.read_log(people["ada"], "ada").sessions[0].reflection == ""


def test_a_supervisor_taken_off_the_guider_loses_the_record_at_once(logged, data_root):
    people, _ = logged
    change_account("sue", supervises=[], root=data_root)
    sue = account("sue")
    with pytest.raises(AccessDenied):
        supervision.read_log(sue, "ada")


def test_a_name_that_is_not_an_account_never_becomes_a_path(logged, data_root):
    people, _ = logged
    for name in ("../accounts", "ada/../../x", "sue"):
        with pytest.raises(AccessDenied):
            supervision.read_log(people["sue"], name)
    assert sorted(p.name for p in (data_root / "supervision").iterdir()) == ["ada.json", "ada.lock"]
