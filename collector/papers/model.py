"""A document as the table formats see it: named tables of typed columns.

Each document module gives its tables, the first its main one: CSV writes one table (the
main one unless another is named), a spreadsheet one sheet per table, HTML and PDF lay
them out with the rest of the document. A cell is plain data; the format decides how a
sum of đồng, a ratio or a moment is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from standard.wording import Text

# text: words (a Text is shown in the document's language); count: a whole number;
# vnd: đồng; ratio: 0..1; time: unix seconds, shown in the city's time zone.
CellKind = Literal["text", "count", "vnd", "ratio", "time"]
Cell = str | int | float | Text | None


@dataclass(frozen=True)
class Column:
    """One column: its stable key, its header in both languages, its kind and width."""

    key: str
    label: Text
    kind: CellKind = "text"
    width: int = 14  # characters, for the spreadsheet


@dataclass(frozen=True)
class Table:
    """Rows under typed columns, and a closing total row where one is summed."""

    name: str  # machines, units, operational, pairs, reasons
    title: Text
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None


def words(value: Cell, lang: str) -> Cell:
    """Return a Text cell in `lang`; any other cell as it is."""
    if isinstance(value, Text):
        return value.vi if lang == "vi" else value.en
    return value


def say(text: Text, lang: str) -> str:
    """Return `text` in `lang`."""
    return text.vi if lang == "vi" else text.en


def joined(texts: tuple[Text, ...], separator: str = "; ") -> Text:
    """Join bilingual texts into one, each language on its own."""
    return Text(separator.join(t.vi for t in texts), separator.join(t.en for t in texts))
