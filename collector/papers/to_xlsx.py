"""A document's tables as an Excel workbook, one sheet per table, written by XlsxWriter in
constant-memory mode (rows go to disk as they are written): headers in the asked
language, the header row frozen and filtered, đồng, ratios and times as Excel numbers
with their formats, and the total row as a formula over the column.

XlsxWriter is imported when a workbook is written, not when the collector starts."""

from __future__ import annotations

import io
import re
from typing import Any

from collector.papers.dates import local
from collector.papers.model import Cell, CellKind, Table, words
from standard.wording import Text

FORMATS: dict[str, dict[str, Any]] = {
    "header": {
        "bold": True,
        "text_wrap": True,
        "valign": "top",
        "bg_color": "#DDEBF7",
        "border": 1,
    },
    "text": {"valign": "top", "text_wrap": True},
    "count": {"valign": "top", "num_format": "#,##0"},
    "vnd": {"valign": "top", "num_format": '#,##0 "đ"'},
    "ratio": {"valign": "top", "num_format": "0.0%"},
    "time": {"valign": "top", "num_format": "dd/mm/yyyy hh:mm"},
}
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """Return a sheet name Excel accepts (31 characters, cut at a word; none of []:*?/\\),
    unique in the workbook."""
    clean = _SHEET_NAME.sub(" ", title).strip()
    base = (clean if len(clean) <= 31 else clean[:32].rsplit(" ", 1)[0]).strip() or "Sheet"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(name.casefold())
    return name


def to_xlsx(tables: tuple[Table, ...], title: Text, lang: str, time_zone: str) -> bytes:
    """Write `tables` as one workbook titled `title`."""
    import xlsxwriter  # only when a workbook is written

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "remove_timezone": True})
    book.set_properties({"title": words(title, lang), "comments": "wardwatch"})
    formats = {k: book.add_format(v) for k, v in FORMATS.items()}
    formats |= {
        f"total_{k}": book.add_format(v | {"bold": True, "top": 1}) for k, v in FORMATS.items()
    }
    taken: set[str] = set()
    for table in tables:
        sheet = book.add_worksheet(sheet_name(str(words(table.title, lang)), taken))
        _write_table(sheet, table, formats, lang, time_zone)
    book.close()
    return out.getvalue()


def _write_table(
    sheet: Any, table: Table, formats: dict[str, Any], lang: str, time_zone: str
) -> None:
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, str(words(column.label, lang)), formats["header"])
    for r, row in enumerate(table.rows, start=1):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            _write(sheet, r, col, words(value, lang), column.kind, formats[column.kind], time_zone)
    if table.total:
        _write_total(sheet, table, formats, lang, time_zone)


def _write(
    sheet: Any, row: int, col: int, value: Cell, kind: CellKind, fmt: Any, time_zone: str
) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif kind == "time" and isinstance(value, int | float):
        sheet.write_datetime(row, col, local(value, time_zone), fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _write_total(
    sheet: Any, table: Table, formats: dict[str, Any], lang: str, time_zone: str
) -> None:
    from xlsxwriter.utility import xl_rowcol_to_cell

    assert table.total is not None
    last = len(table.rows) + 1
    for col, (value, column) in enumerate(zip(table.total, table.columns, strict=True)):
        fmt = formats[f"total_{column.kind}"]
        if column.kind in ("count", "vnd") and isinstance(value, int) and table.rows:
            span = f"{xl_rowcol_to_cell(1, col)}:{xl_rowcol_to_cell(last - 1, col)}"
            sheet.write_formula(last, col, f"=SUM({span})", fmt, value)
        else:
            _write(sheet, last, col, words(value, lang), column.kind, fmt, time_zone)
