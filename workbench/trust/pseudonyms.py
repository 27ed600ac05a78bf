"""Keeping names out of what holds family codes only: the supervision log and the portfolio made from it.

A name is found as a whole word in any case, each part of a hyphenated name on
its own, after the text is brought to one plain form: compatibility forms
(full-width letters) folded, invisible characters (zero-width spaces, soft
hyphens) dropped, accents set aside and look-alike letters from other scripts
read as the Latin ones they imitate ("Zoe" finds Zoë, "R\u043ebin" with a
Cyrillic o is Robin), and an underscore or a digit ends a word. So a child called
Will stops a supervisor writing "we will": the price of not being got round.
It is a safety net under the rule "codes only", not a guarantee.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

from ..core.errors import InvalidInput
from ..model import Family

# Words that sit in names as written here ("Jo (demo carer)", "Mrs Smith") but name nobody.
_COMMON = {"demo", "carer", "foster", "mr", "mrs", "ms", "miss", "dr", "the", "and"}
REDACTED = "[name]"


def _plain(text: str) -> tuple[str, list[int]]:
    """The text in one plain, lower-case form, and for each of its characters the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.category(char) in ("Cf", "Mn"):  # zero-width and soft hyphens; accents written apart
            continue
        plain = char if char.isascii() else anyascii(unicodedata.normalize("NFKC", char))
        for letter in plain.casefold():
            out.append(letter)
            origin.append(index)
    return "".join(out), origin


def fold(text: str) -> str:
    """The text as names are compared: see the module's note."""
    return _plain(text)[0]


def names_in(families: Iterable[Family]) -> set[str]:
    """The children's and carers' names of these families, word by word, in their plain form (see the note)."""
    names: set[str] = set()
    for family in families:
        for name in [family.child.name, *(c.name for c in family.carers)]:
            words = [w.strip(".'") for w in re.split(r"[\s()\-_0-9]+", fold(name))]
            names.update(w for w in words if len(w) > 1 and w not in _COMMON)
    return names


def _pattern(names: set[str]) -> re.Pattern | None:
    forms = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![a-z'])(" + "|".join(map(re.escape, forms)) + r")(?![a-z])") if forms else None


def named(text: str, names: set[str]) -> list[str]:
    """The names from ``names`` that ``text`` contains as whole words (see the module's note)."""
    pattern = _pattern(names)
    if pattern is None:
        return []
    return sorted({m.group(1) for m in pattern.finditer(fold(text))})


def check_no_names(texts: Iterable[str], families: Iterable[Family], reveal: bool = True) -> None:
    """Refuse text that names a child or carer of these families: a supervision record holds codes only.

    ``reveal`` says the names found; only for someone who may see those families anyway.
    """
    names = names_in(families)
    found = sorted({n for text in texts for n in named(text, names)})
    if found:
        which = f" ({', '.join(n.title() for n in found[:3])})" if reveal else ""
        raise InvalidInput(f"This names someone from a family{which}. A supervision record holds family codes "
                           "only: please write the family's code instead.")


def redact(text: str, names: set[str]) -> tuple[str, int]:
    """The text with every name in ``names`` replaced by "[name]", and how many were replaced."""
    pattern = _pattern(names)
    if pattern is None or not text:
        return text, 0
    plain, origin = _plain(text)
    spans = [(origin[m.start(1)], origin[m.end(1) - 1] + 1) for m in pattern.finditer(plain)]
    for start, end in reversed(spans):
        text = text[:start] + REDACTED + text[end:]
    return text, len(spans)
