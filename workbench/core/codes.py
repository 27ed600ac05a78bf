"""Family codes: the pseudonymous id of a family, and the only user text that becomes a path."""

from __future__ import annotations

import re

from .errors import InvalidInput

MAX_LENGTH = 32
_ALLOWED = re.compile(r"^[A-Z0-9][A-Z0-9_-]*$")
# Names Windows refuses as files or folders, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CLOCK$"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}


def validate_family_code(raw: object) -> str:
    """Return the canonical (upper-case) code, or raise InvalidInput saying what is wrong.

    Codes are upper-cased so that ``fam-1`` and ``FAM-1`` cannot become two
    folders on a case-sensitive disk and one on a laptop's case-insensitive one.
    """
    if not isinstance(raw, str):
        raise InvalidInput("A family code must be text, for example VIG-0001.")
    if "\x00" in raw:
        raise InvalidInput("A family code cannot contain hidden control characters.")
    code = raw.strip().upper()
    if not code:
        raise InvalidInput("Please enter a family code, for example VIG-0001.")
    if len(code) > MAX_LENGTH:
        raise InvalidInput(f"A family code can be at most {MAX_LENGTH} characters long.")
    if "/" in code or "\\" in code or ".." in code or code.startswith("."):
        raise InvalidInput(
            "A family code cannot contain slashes or dots; use letters, digits, '-' and '_'."
        )
    if not _ALLOWED.match(code):
        raise InvalidInput(
            "A family code can use only letters A–Z, digits, '-' and '_', and must start "
            "with a letter or digit."
        )
    if code in _RESERVED:
        raise InvalidInput(f"{code} is a name the computer reserves; please choose another code.")
    return code


def suggest_family_code(existing: set[str], prefix: str = "VIG") -> str:
    """The next free code of the form VIG-0001, so guiders need not invent pseudonyms."""
    numbers = [
        int(code[len(prefix) + 1:])
        for code in existing
        if code.startswith(prefix + "-") and code[len(prefix) + 1:].isdigit()
    ]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"
