import pytest

from workbench.core.codes import suggest_family_code, validate_family_code
from workbench.core.errors import InvalidInput


def test_codes_are_canonical_upper_case():
    assert validate_family_code("  vig-0001 ") == "VIG-0001"
    assert validate_family_code("A_1") == "A_1"


@pytest.mark.parametrize(
    "hostile, says",
    [
        ("../x", "slashes or dots"),
        ("..", "slashes or dots"),
        ("/etc/passwd", "slashes or dots"),
        ("C:\\Windows", "slashes or dots"),
        ("a\x00b", "control characters"),
        ("CON", "reserves"),
        ("lpt1", "reserves"),
        ("x" * 33, "at most 32"),
        ("", "Please enter"),
        ("   ", "Please enter"),
        ("-leading", "start with a letter or digit"),
        ("has space", "only letters"),
        ("émile", "only letters"),
        (".hidden", "slashes or dots"),
        (None, "must be text"),
    ],
)
def test_hostile_codes_are_refused_with_a_reason(hostile, says):
    with pytest.raises(InvalidInput, match=says):
        validate_family_code(hostile)


def test_suggested_code_is_the_next_free_number():
    assert suggest_family_code(set()) == "VIG-0001"
    assert suggest_family_code({"VIG-0001", "VIG-0007", "OTHER-9"}) == "VIG-0008"
