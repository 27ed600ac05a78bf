from datetime import date

import pytest

from workbench import Caseload, FamilyStore
from workbench.care.consent import add_consent, withdraw_consent
from workbench.model import ConsentScope
from workbench.trust.access import (
    AccessDenied,
    add_supervision_comment,
    assign,
    can_comment,
    can_edit,
    can_view,
    edit_guard,
    unassigned,
    visible,
)
from workbench.trust.accounts import Role, create_account

from ..conftest import make_family

PASSWORD = "correct horse battery"


@pytest.fixture
def people(data_root):
    return {
        "ada": create_account("ada", "Ada", PASSWORD, [Role.GUIDER]),
        "ben": create_account("ben", "Ben", PASSWORD, [Role.GUIDER]),
        "sue": create_account("sue", "Sue", PASSWORD, [Role.SUPERVISOR], supervises=["ada"]),
        "max": create_account("max", "Max", PASSWORD, [Role.ADMIN]),
        "kim": create_account("kim", "Kim", PASSWORD, [Role.ADMIN, Role.GUIDER]),
    }


def with_supervisor_consent(family):
    add_consent(family, "Jo Smith", "foster carer", date.today(), [ConsentScope.SUPERVISOR_VIEWING])
    return family


def test_each_role_sees_what_the_consent_forms_promise(people):
    family = make_family()  # Ada's
    assert can_view(people["ada"], family) and can_edit(people["ada"], family)
    for name in ("ben", "max", "kim", "sue"):
        assert not can_view(people[name], family), name
    with_supervisor_consent(family)
    assert can_view(people["sue"], family) and not can_edit(people["sue"], family)
    assert can_comment(people["sue"], family)
    assert not can_view(people["max"], family) and not can_comment(people["ada"], family)
    withdraw_consent(family, family.consents[0].id, date.today())
    assert not can_view(people["sue"], family)


def test_the_store_guard_refuses_every_write_the_account_may_not_make(store, people):
    store.create(with_supervisor_consent(make_family()))
    for name, allowed in (("ada", True), ("sue", False), ("ben", False), ("max", False)):
        guarded = FamilyStore(guard=edit_guard(people[name]))
        change = lambda f: setattr(f, "keep_originals", False)  # noqa: E731
        if allowed:
            guarded.update("VIG-0001", change)
        else:
            with pytest.raises(AccessDenied):
                guarded.update("VIG-0001", change)
    with pytest.raises(AccessDenied):
        FamilyStore(guard=edit_guard(people["ben"])).create(make_family("VIG-0002"))  # Ada's, made by Ben
    assert not store.exists("VIG-0002")


def test_supervision_comments_need_the_supervisor_and_the_consent(store, people):
    store.create(make_family())
    with pytest.raises(AccessDenied, match="not consented"):
        add_supervision_comment(store, "VIG-0001", people["sue"], "Lovely pacing.")
    store.update("VIG-0001", with_supervisor_consent)
    add_supervision_comment(store, "VIG-0001", people["sue"], "Lovely pacing.")
    with pytest.raises(AccessDenied):
        add_supervision_comment(store, "VIG-0001", people["ben"], "Not mine to say.")
    assert [(c.by, c.text) for c in store.load("VIG-0001").supervision] == [("sue", "Lovely pacing.")]


def test_caseloads_by_role_and_families_to_assign(store, people):
    store.create(make_family("VIG-0001"))
    store.create(make_family("VIG-0002", guider_account="ben"))
    store.create(make_family("VIG-0003", guider_account=""))
    summaries = Caseload(store).summaries()
    assert [s.code for s in visible(people["ada"], summaries)] == ["VIG-0001"]
    assert [s.code for s in visible(people["sue"], summaries)] == ["VIG-0001"]
    assert visible(people["max"], summaries) == []
    assert [s.code for s in unassigned(summaries, ["ada", "ben"])] == ["VIG-0003"]
    assert [s.code for s in unassigned(summaries, ["ada"])] == ["VIG-0002", "VIG-0003"]  # Ben has left
    assign(store, "VIG-0003", people["kim"])
    assert store.load("VIG-0003").guider_account == "kim"
    with pytest.raises(AccessDenied):
        assign(store, "VIG-0003", people["sue"])
