"""Keeping names out of what holds family codes only: the supervision log and the portfolio made from it.

A name is found as a whole word as written or in capitals, with accents and
curly apostrophes set aside ("Zoe" finds Zoë, "O’Neill" finds O'Neill), each
part of a hyphenated name on its own. Case counts, so a child called Will does
not stop a supervisor writing "we will". It is a safety net under the rule
"codes only", not a guarantee.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .errors import InvalidInput
from .model import Family

# Words that sit in names as written here ("Jo (demo carer)", "Mrs Smith") but name nobody.
_COMMON = {"demo", "carer", "foster", "mr", "mrs", "ms", "miss", "dr", "the", "and"}
REDACTED = "[name]"


def fold(text: str) -> str:
    """The text with accents dropped and curly apostrophes made straight, for comparing names."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.replace("’", "'").replace("‘", "'")


def names_in(families: Iterable[Family]) -> set[str]:
    """The children's and carers' names of these families, word by word and without accents."""
    names: set[str] = set()
    for family in families:
        for name in [family.child.name, *(c.name for c in family.carers)]:
            words = [w.strip(".'") for w in re.split(r"[\s()\-]+", fold(name))]
            names.update(w for w in words if len(w) > 1 and w.lower() not in _COMMON)
    return names


def _pattern(names: set[str]) -> re.Pattern | None:
    forms = sorted({form for n in names for form in (n, n.upper(), n[:1].upper() + n[1:])}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(" + "|".join(map(re.escape, forms)) + r")(?![\w])") if forms else None


def named(text: str, names: set[str]) -> list[str]:
    """The names from ``names`` that ``text`` contains as whole words (see the module's note)."""
    pattern = _pattern(names)
    if pattern is None:
        return []
    found = {m.group(1) for m in pattern.finditer(fold(text))}
    return sorted({n for n in names if {n, n.upper(), n[:1].upper() + n[1:]} & found})


def check_no_names(texts: Iterable[str], families: Iterable[Family], reveal: bool = True) -> None:
    """Refuse text that names a child or carer of these families: a supervision record holds codes only.

    ``reveal`` says the names found; only for someone who may see those families anyway.
    """
    names = names_in(families)
    found = sorted({n for text in texts for n in named(text, names)})
    if found:
        which = f" ({', '.join(found[:3])})" if reveal else ""
        raise InvalidInput(f"This names someone from a family{which}. A supervision record holds family codes "
                           "only: please write the family's code instead.")


def redact(text: str, names: set[str]) -> tuple[str, int]:
    """The text with every name in ``names`` replaced by "[name]", and how many were replaced."""
    pattern = _pattern(names)
    if pattern is None or not text:
        return text, 0
    folded = fold(text)
    if len(folded) != len(text):  # accents that change the length: work on the folded text
        text = folded
    spans = [m.span(1) for m in pattern.finditer(folded)]
    for start, end in reversed(spans):
        text = text[:start] + REDACTED + text[end:]
    return text, len(spans)
