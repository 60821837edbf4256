"""A document's table as CSV: UTF-8 with a byte-order mark, so that Excel reads Vietnamese
right; headers in the asked language, đồng and counts as whole numbers, ratios 0..1, times
as local "YYYY-MM-DD HH:MM".

Host names and asset tags come from the machines themselves: a text that a spreadsheet
would take for a formula (=, +, -, @ first) is written after an apostrophe, as OWASP
advises against CSV injection."""

from __future__ import annotations

import csv
import io

from collector.papers.dates import stamp
from collector.papers.errors import PaperError
from collector.papers.model import Cell, CellKind, Table, words

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def pick(tables: tuple[Table, ...], name: str | None, document: str) -> Table:
    """Return the table `name`, the main (first) one when None; refuse an unknown name."""
    if name is None:
        return tables[0]
    for table in tables:
        if table.name == name:
            return table
    names = ", ".join(t.name for t in tables)
    raise PaperError(f"the {document} document has no table {name!r}: choose one of {names}")


def cell(value: Cell, kind: CellKind, lang: str, time_zone: str) -> str | int | float:
    """Return one cell as CSV writes it."""
    value = words(value, lang)
    if value is None:
        return ""
    if kind == "time" and isinstance(value, int | float):
        return stamp(value, time_zone, "en")
    if kind == "ratio" and isinstance(value, float):
        return round(value, 4)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value  # type: ignore[return-value]  # words() leaves no Text behind


def to_csv(table: Table, lang: str, time_zone: str) -> bytes:
    """Write `table`, its total row last, as CSV text."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([words(c.label, lang) for c in table.columns])
    rows = (*table.rows, table.total) if table.total else table.rows
    kinds = [c.kind for c in table.columns]
    for row in rows:
        writer.writerow([cell(v, k, lang, time_zone) for v, k in zip(row, kinds, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
