"""Keeping names out of what holds family codes only: the supervision log and the portfolio made from it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import InvalidInput
from .model import Family


def names_in(families: Iterable[Family]) -> set[str]:
    """The children's and carers' names (and each word of them) of these families, to keep out of the record."""
    names: set[str] = set()
    for family in families:
        for name in [family.child.name, *(c.name for c in family.carers)]:
            words = [w for w in re.split(r"[\s()]+", name) if len(w) > 1 and w.lower() not in _COMMON]
            names.update(words)
    return names


# Words that sit in names as written here ("Jo (demo carer)", "Mrs Smith") but name nobody.
_COMMON = {"demo", "carer", "foster", "mr", "mrs", "ms", "miss", "dr", "the", "and"}


def named(text: str, names: set[str]) -> list[str]:
    """The names from ``names`` that ``text`` contains as whole words, as written or in capitals.

    Case counts, so a child called Will does not stop a supervisor writing "we will".
    """
    return sorted({n for n in names if any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)
                                           for form in (n, n.upper()))})


def check_no_names(texts: Iterable[str], families: Iterable[Family]) -> None:
    """Refuse text that names a child or carer of these families: a supervision record holds codes only."""
    names = names_in(families)
    found = sorted({n for text in texts for n in named(text, names)})
    if found:
        raise InvalidInput(f"This names someone from a family ({', '.join(found[:3])}). A supervision record "
                           "holds family codes only: please write the family's code instead.")
