import pytest

from workbench.core.errors import InvalidInput
from workbench.trust import accounts, hashing
from workbench.trust.accounts import (
    Role,
    SignInRefused,
    accounts_path,
    by_email,
    create_account,
    load_accounts,
    needs_first_admin,
    sign_in,
)

from ..conftest import LIGHT_HASHER

PASSWORD = "a long enough phrase"


@pytest.mark.real_hashing
def test_the_first_account_and_argon2_hashes(data_root):
    assert needs_first_admin()
    admin = create_account("Admin", "Pat Admin", PASSWORD, ["admin"], email="Pat@Council.example")
    assert admin.username == "admin" and not needs_first_admin()
    stored = accounts_path().read_text()
    assert PASSWORD not in stored and "$argon2id$v=19$m=65536,t=3,p=4$" in stored  # RFC 9106's low-memory costs
    assert by_email("pat@council.example").username == "admin" and by_email("someone@else") is None


@pytest.mark.real_hashing
def test_a_password_hashed_at_a_lighter_cost_is_brought_up_to_todays_at_sign_in(data_root):
    hashing._HASHER, real = LIGHT_HASHER, hashing._HASHER  # as an older release hashed it
    try:
        create_account("ada", "Dr Ada Patel", PASSWORD, [Role.GUIDER])  # no administrator in the file
    finally:
        hashing._HASHER = real
    assert "m=1024" in load_accounts()["ada"].password_hash
    assert sign_in("ada", PASSWORD, client="laptop").username == "ada"
    assert "$argon2id$v=19$m=65536,t=3,p=4$" in load_accounts()["ada"].password_hash
    assert sign_in("ada", PASSWORD, client="laptop").username == "ada"


@pytest.mark.parametrize("args, says", [
    (("ada", "Ada", "short", ["guider"]), "at least 10 characters"),
    (("../x", "Ada", PASSWORD, ["guider"]), "A user name is 2 to 32"),
    (("ada", "Ada", PASSWORD, ["boss"]), "Roles must be one of: 'guider', 'supervisor' or 'admin'"),
    (("ada", "", PASSWORD, ["guider"]), "Name cannot be empty"),
])
def test_bad_accounts_are_refused_with_a_reason(data_root, args, says):
    with pytest.raises(InvalidInput, match=says):
        create_account(*args)
    assert load_accounts() == {}


def test_sign_in_and_a_back_off_that_slows_the_client_not_the_account(data_root):
    create_account("ada", "Dr Ada Patel", PASSWORD, [Role.GUIDER])
    with pytest.raises(InvalidInput, match="already an account"):
        create_account("ADA", "Someone", PASSWORD, ["guider"])
    assert sign_in(" Ada ", PASSWORD, client="laptop").display_name == "Dr Ada Patel"
    before = accounts_path().read_bytes()
    for n in range(5):
        with pytest.raises(SignInRefused, match="do not match"):
            sign_in("ada", "wrong password!", client="stranger", now=1000.0 + n)
    with pytest.raises(SignInRefused, match="wait 1 seconds"):  # the stranger now waits, doubling each time
        sign_in("ada", "wrong password!", client="stranger", now=1008.5)
    assert sign_in("ada", PASSWORD, client="laptop", now=1004.5).username == "ada"  # Ada is never locked out
    assert accounts_path().read_bytes() == before  # failed and ordinary sign-ins write nothing
    with pytest.raises(SignInRefused, match="do not match"):  # an unknown name reads the same as a wrong password
        sign_in("nobody", PASSWORD, client="laptop")


def test_the_last_administrator_stays_and_nobody_else_is_held_by_that_rule(data_root):
    create_account("pat", "Pat Admin", PASSWORD, [Role.ADMIN])
    create_account("ada", "Dr Ada Patel", PASSWORD, [Role.GUIDER])
    for change in (lambda: accounts.change_account("pat", roles=[Role.GUIDER]),
                   lambda: accounts.remove_account("pat")):
        with pytest.raises(InvalidInput, match="only administrator"):
            change()
    assert load_accounts()["pat"].has(Role.ADMIN)
    accounts.change_account("ada", display_name="Ada Patel", password="another long phrase")  # not an admin
    create_account("lee", "Lee Admin", PASSWORD, [Role.ADMIN])
    accounts.change_account("pat", roles=[Role.GUIDER])  # another administrator remains
    assert [n for n, a in load_accounts().items() if a.has(Role.ADMIN)] == ["lee"]
