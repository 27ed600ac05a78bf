"""The blocks a document is made of (headings, paragraphs, quotes, pictures, tables, moment cards), as plain data.

A summary, a carer's letter and a supervision record are each a ``Summary``: a title and a list of blocks.
``workbench.cycle.word`` and ``workbench.cycle.pdf`` write the same blocks as Word and PDF, and the app
shows them as a preview, so the three always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 and 2 are sections; 3 labels what follows it (the carer's words on a cycle, say)


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold_lead: str = ""  # a short bold lead-in, such as "Helping question:"


@dataclass(frozen=True)
class Quote:
    text: str
    who: str = ""


@dataclass(frozen=True)
class Picture:
    path: Path
    caption: str
    width_cm: float = 15.0
    alt: str = ""  # what the picture shows, in words, for a screen reader; the caption when empty

    @property
    def described(self) -> str:
        return self.alt or self.caption


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # each column's share of the width; equal when empty


@dataclass(frozen=True)
class Card:
    """One moment: its still beside its caption, and the carer's words under them, kept together on one page."""

    title: str  # "Moment 1"
    caption: str  # the strengths seen, in plain words
    picture: Path | None = None
    alt: str = ""
    principles: str = ""  # the Principles named, for the case record; empty in the carer's letter
    words: tuple[tuple[str, str], ...] = ()  # (what the carer was asked, what they said)


Block = Heading | Paragraph | Quote | Picture | Table | Card
_SCALARS = {"str": str, "int": int, "float": float}


def _plain(kind: type, values: dict) -> dict:
    """A saved block's text and numbers as the text and numbers they should be; unknown names are refused."""
    types = {f.name: f.type for f in fields(kind)}
    if set(values) - set(types):
        raise ValueError(f"a {kind.__name__} with unknown fields")
    return {name: _SCALARS[str(types[name])](value) if str(types[name]) in _SCALARS else value
            for name, value in values.items()}
KINDS: dict[str, type] = {kind.__name__: kind for kind in (Heading, Paragraph, Quote, Picture, Table, Card)}


@dataclass
class Summary:
    title: str
    blocks: list[Block] = field(default_factory=list)
    opening: str = ""  # a letter's greeting ("Dear Jo,"), above everything else

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def pictures(self) -> list[tuple[Path, str]]:
        """Every picture, with its description: the charts and each card's still."""
        found = [(b.path, b.described) for b in self.blocks if isinstance(b, Picture)]
        return found + [(b.picture, b.alt or b.caption) for b in self.blocks if isinstance(b, Card) and b.picture]

    def to_json(self, family_dir: Path) -> dict:
        """The summary as plain JSON, with its pictures' paths relative to the family's folder."""
        blocks = []
        for block in self.blocks:
            fields = dict(block.__dict__)
            for name in ("path", "picture"):
                if isinstance(fields.get(name), Path):
                    fields[name] = str(fields[name].relative_to(family_dir))
            blocks.append({"kind": type(block).__name__, **fields})
        return {"title": self.title, "opening": self.opening, "blocks": blocks}

    @classmethod
    def from_json(cls, document: dict, family_dir: Path) -> Summary:
        """Read a saved summary back; anything that is not plain text and numbers where they belong is refused
        (an imported archive carries this file, so it is read as hostile)."""
        summary = cls(str(document["title"]), opening=str(document.get("opening", "")))
        for saved in document["blocks"]:
            kind = KINDS[saved.pop("kind")]
            for name in ("path", "picture"):
                if saved.get(name) is not None:
                    path = (family_dir / str(saved[name])).resolve()
                    if not path.is_relative_to(family_dir.resolve()):
                        raise ValueError("a summary picture outside its family")
                    saved[name] = path
            if kind is Table:
                saved = {"header": tuple(map(str, saved["header"])),
                         "rows": tuple(tuple(map(str, row)) for row in saved["rows"]),
                         "widths": tuple(float(w) for w in saved.get("widths", ()))}
                if any(len(row) != len(saved["header"]) for row in saved["rows"]):
                    raise ValueError("a summary table row of the wrong length")
            if kind is Card:
                saved["words"] = tuple((str(asked), str(said)) for asked, said in saved.get("words", ()))
            summary.add(kind(**_plain(kind, saved)))
        return summary

    def text(self) -> str:
        """All the words, for checks and search."""
        parts = [self.title, self.opening]
        for block in self.blocks:
            if isinstance(block, (Heading, Quote)):
                parts.append(block.text)
            elif isinstance(block, Paragraph):
                parts.append(f"{block.bold_lead} {block.text}".strip())
            elif isinstance(block, Picture):
                parts.append(block.caption)
            elif isinstance(block, Table):
                parts += [" ".join(block.header)] + [" ".join(row) for row in block.rows]
            elif isinstance(block, Card):
                parts += [block.title, block.caption, block.principles] + [said for _, said in block.words]
        return "\n".join(p for p in parts if p)
