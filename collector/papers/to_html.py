"""A document as one self-contained HTML page: inline CSS, inline SVG, nothing fetched;
printable (A4, the margins of Decree 30/2020/NĐ-CP), and the source of the PDF.

This module holds the page frame and what every document shares: the letterhead, tables
and cell formats. Each document's body is laid out by its own module
(`reinvestment_html.py`, `handover_html.py`, `readiness_html.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from collector.papers.dates import stamp
from collector.papers.letterhead import MOTTO, NATIONAL_TITLE, NUMBER, Letterhead
from collector.papers.model import Cell, CellKind, Table, words
from standard.wording import Text, percent, vnd

NUMERIC = {"count", "vnd", "ratio"}
PAGE_WORD = Text("Trang", "Page")

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @bottom-center { content: "%(page)s " counter(page) "/" counter(pages); font-size: 9pt; } }
@page wide { size: A4 landscape; margin: 15mm 15mm 15mm 20mm; }
html { font-family: "Noto Serif", "Times New Roman", serif; font-size: 12pt; color: #000; }
body { margin: 0 auto; max-width: 1200px; padding: 0 8px; line-height: 1.35; }
@media print { body { max-width: none; padding: 0; } .noprint { display: none; } }
table.head { width: 100%%; border-collapse: collapse; margin-bottom: 10pt; }
table.head td { vertical-align: top; text-align: center; padding: 0; }
table.head td.left { width: 42%%; } table.head td.right { width: 58%%; }
.superior { text-transform: uppercase; font-size: 10.5pt; }
.issuer, .nation { font-weight: bold; text-transform: uppercase; font-size: 10.5pt; }
.nation { white-space: nowrap; }
.motto { font-weight: bold; font-size: 12pt; white-space: nowrap; }
.number { font-size: 11pt; }
hr.rule { width: 40%%; border: 0; border-top: 0.8pt solid #000; margin: 1pt auto 4pt; }
.dated { font-style: italic; font-size: 11pt; }
h1 { text-align: center; font-size: 13.5pt; margin: 12pt 0 2pt; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt; }
.subtitle { text-align: center; font-weight: bold; margin: 0 0 10pt; }
.key { border: 1pt solid #444; padding: 6pt 8pt; margin: 8pt 0; background: #f4f7fb; }
.key b { font-size: 13pt; }
table.grid { width: 100%%; table-layout: fixed; border-collapse: collapse; font-size: 9.5pt;
  margin: 4pt 0 8pt; overflow-wrap: break-word; }
table.grid th, table.grid td { border: 0.5pt solid #555; padding: 1.5pt 3pt; vertical-align: top; }
table.grid th { background: #e6e6e6; }
table.grid thead { display: table-header-group; }
table.grid tr { page-break-inside: avoid; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 1.2pt solid #000; }
.wide { page: wide; }
.ok { color: #176b2c; } .bad { color: #a11; }
section.record { page-break-before: always; }
table.signatures { width: 100%%; margin-top: 14pt; page-break-inside: avoid; }
table.signatures td { width: 50%%; text-align: center; vertical-align: top; height: 90pt; }
.sign-title { font-weight: bold; text-transform: uppercase; }
.recipients { font-size: 10pt; margin-top: 14pt; }
.note { font-size: 10pt; font-style: italic; }
svg { max-width: 100%%; height: auto; }
nav a { margin-right: 8pt; }
"""


def esc(value: object) -> str:
    """Escape any value for HTML text and attributes."""
    return escape(str(value), quote=True)


def page(title: str, body: Iterable[str], lang: str) -> str:
    """Wrap a document's body in the self-contained page."""
    css = CSS % {"page": words(PAGE_WORD, lang)}
    return "".join(
        (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title><style>{css}</style></head><body>",
            *body,
            "</body></html>\n",
        )
    )


def letterhead(head: Letterhead, lang: str) -> str:
    """Lay out the national title and motto beside the issuing body, the number and date."""
    w = lambda text: esc(words(text, lang))  # noqa: E731
    subtitle = f'<p class="subtitle">{w(head.subtitle)}</p>' if head.subtitle else ""
    return (
        '<table class="head"><tr><td class="left">'
        f'<div class="superior">{w(head.superior)}</div><div class="issuer">{w(head.issuer)}</div>'
        f'<hr class="rule"><div class="number">{w(NUMBER)}: {esc(head.number)}</div></td>'
        '<td class="right">'
        f'<div class="nation">{w(NATIONAL_TITLE)}</div><div class="motto">{w(MOTTO)}</div>'
        f'<hr class="rule"><div class="dated">{w(head.dated)}</div></td></tr></table>'
        f"<h1>{w(head.title)}</h1>{subtitle}"
    )


def shown(value: Cell, kind: CellKind, lang: str, time_zone: str) -> str:
    """Format one cell for reading: đồng as 17.000.000 đ, ratios as percentages, times local."""
    value = words(value, lang)
    if value is None:
        return ""
    if kind == "vnd" and isinstance(value, int):
        return vnd(value)
    if kind == "ratio" and isinstance(value, int | float):
        return words(percent(value), lang)  # type: ignore[return-value]  # a Text in, a str out
    if kind == "time" and isinstance(value, int | float):
        return stamp(value, time_zone, lang)
    if kind == "count" and isinstance(value, int):
        return f"{value:,}".replace(",", "." if lang == "vi" else ",")
    return str(value)


def colgroup(widths: Iterable[float]) -> str:
    """Fix the columns' shares of the width: a fixed table layout lays each cell out once
    instead of measuring every cell first (bench/papers/README.md)."""
    given = list(widths)
    share = [100 * w / sum(given) for w in given]
    return "<colgroup>" + "".join(f'<col style="width:{s:.1f}%">' for s in share) + "</colgroup>"


def table(t: Table, lang: str, time_zone: str, columns: Iterable[str] | None = None) -> str:
    """Lay out table `t` (only the `columns` keys, when given) with its total row."""
    keep = [i for i, c in enumerate(t.columns) if columns is None or c.key in set(columns)]
    cols = [t.columns[i] for i in keep]
    cls = [' class="n"' if c.kind in NUMERIC else "" for c in cols]
    head = "".join(
        f"<th{k}>{esc(words(c.label, lang))}</th>" for c, k in zip(cols, cls, strict=True)
    )
    out = [f'<table class="grid" data-table="{esc(t.name)}">{colgroup([c.width for c in cols])}',
           f"<thead><tr>{head}</tr></thead><tbody>"]  # fmt: skip
    for row, css in [(r, "") for r in t.rows] + ([(t.total, ' class="total"')] if t.total else []):
        cells = "".join(
            f"<td{k}>{esc(shown(row[i], c.kind, lang, time_zone))}</td>"
            for i, c, k in zip(keep, cols, cls, strict=True)
        )
        out.append(f"<tr{css}>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


SIGNED = Text("(Ký, ghi rõ họ tên và đóng dấu)", "(Signature, full name and seal)")
SIGNED_PLAIN = Text("(Ký, ghi rõ họ tên)", "(Signature and full name)")


def signatures(left: tuple[Text, Text, Text], right: tuple[Text, Text, Text], lang: str) -> str:
    """Lay out two signature blocks side by side: (title, who, how to sign) each."""
    cells = "".join(
        f'<td><div class="sign-title">{esc(words(title, lang))}</div>'
        f'<div>{esc(words(who, lang))}</div><div class="note">{esc(words(how, lang))}</div></td>'
        for title, who, how in (left, right)
    )
    return f'<table class="signatures" data-signatures="2"><tr>{cells}</tr></table>'


def report_signatures(lang: str) -> str:
    """Sign a report: who drew it up, and the head of the issuing body."""
    return signatures(
        (Text("NGƯỜI LẬP", "PREPARED BY"), Text("", ""), SIGNED_PLAIN),
        (Text("THỦ TRƯỞNG CƠ QUAN", "HEAD OF THE ISSUING BODY"), Text("", ""), SIGNED),
        lang,
    )
