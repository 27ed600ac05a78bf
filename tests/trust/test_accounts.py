import pytest

from workbench.core.errors import InvalidInput
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

PASSWORD = "a long enough phrase"


def test_the_first_account_and_argon2_hashes(data_root):
    assert needs_first_admin()
    admin = create_account("Admin", "Pat Admin", PASSWORD, ["admin"], email="Pat@Council.example")
    assert admin.username == "admin" and not needs_first_admin()
    stored = accounts_path().read_text()
    assert PASSWORD not in stored and "$argon2id$" in stored
    assert by_email("pat@council.example").username == "admin" and by_email("someone@else") is None


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
