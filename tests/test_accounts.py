from datetime import UTC, datetime, timedelta

import pytest

from workbench.accounts import (
    MAX_FAILURES,
    Role,
    SignInRefused,
    accounts_path,
    by_email,
    create_account,
    load_accounts,
    needs_first_admin,
    sign_in,
)
from workbench.errors import InvalidInput

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


def test_sign_in_and_the_lockout(data_root):
    create_account("ada", "Dr Ada Patel", PASSWORD, [Role.GUIDER])
    with pytest.raises(InvalidInput, match="already an account"):
        create_account("ADA", "Someone", PASSWORD, ["guider"])
    assert sign_in(" Ada ", PASSWORD).display_name == "Dr Ada Patel"
    now = datetime.now(UTC)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(SignInRefused, match="do not match"):
            sign_in("ada", "wrong password!", now=now)
    with pytest.raises(SignInRefused, match="locked"):
        sign_in("ada", "wrong password!", now=now)
    with pytest.raises(SignInRefused, match="locked"):  # even the right password, while locked
        sign_in("ada", PASSWORD, now=now + timedelta(minutes=4))
    assert sign_in("ada", PASSWORD, now=now + timedelta(minutes=5, seconds=1)).username == "ada"
    assert load_accounts()["ada"].failures == 0
    with pytest.raises(SignInRefused, match="do not match"):  # an unknown name reads the same as a wrong password
        sign_in("nobody", PASSWORD)
