"""The documents and formats by name, for the command line and for /reports: build the
document asked for from one `PaperInputs` and write it in one format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from collector.papers import (
    handover,
    handover_html,
    handover_tables,
    readiness,
    readiness_html,
    readiness_tables,
    reinvestment,
    reinvestment_html,
    reinvestment_tables,
)
from collector.papers.errors import PaperError
from collector.papers.inputs import PaperInputs
from collector.papers.model import Table
from collector.papers.names import DOCUMENTS, FORMATS
from collector.papers.to_csv import pick, to_csv
from collector.papers.to_json import to_json
from collector.papers.to_pdf import to_pdf  # cheap: WeasyPrint is imported when it writes
from collector.papers.to_xlsx import to_xlsx
from standard.wording import Text

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}


@dataclass(frozen=True)
class Paper:
    """One document: how it is built, its tables, its page, and its names."""

    build: Callable[[PaperInputs, str | None], Any]
    tables: Callable[[Any], tuple[Table, ...]]
    page: Callable[[Any, str, str], str]
    title: Text
    file_stem: str  # ASCII, for download names


PAPERS: dict[str, Paper] = {
    "reinvestment": Paper(
        reinvestment.build,
        reinvestment_tables.tables,
        reinvestment_html.to_page,
        Text("Danh sách đầu tư lại", "Reinvestment list"),
        "dau-tu-lai",
    ),
    "handover": Paper(
        handover.build,
        handover_tables.tables,
        handover_html.to_page,
        Text("Biên bản bàn giao máy vi tính", "PC handover records"),
        "bien-ban-ban-giao",
    ),
    "readiness": Paper(
        readiness.build,
        readiness_tables.tables,
        readiness_html.to_page,
        Text("Mức độ sẵn sàng", "Readiness"),
        "san-sang",
    ),
}


@dataclass(frozen=True)
class Rendered:
    """A written document: its bytes, their media type and a file name to save them as."""

    body: bytes
    media_type: str
    filename: str


def render(
    document: str,
    fmt: str,
    inputs: PaperInputs,
    *,
    unit: str | None = None,
    lang: str = "vi",
    table: str | None = None,
    pdf: Callable[[str], bytes] | None = None,
) -> Rendered:
    """Build `document` (for `unit`, or the city) and write it as `fmt` in `lang`; `table`
    names the CSV's table; `pdf` turns the page into PDF (default: in this process)."""
    paper = PAPERS.get(document)
    if paper is None:
        raise PaperError(f"no document {document!r}: choose one of {', '.join(DOCUMENTS)}")
    if fmt not in MEDIA_TYPES:
        raise PaperError(f"no format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if table is not None and fmt != "csv":
        raise PaperError(f"a table is chosen for CSV only; {fmt} holds the whole document")
    doc = paper.build(inputs, unit)
    zone = inputs.papers.time_zone
    name = f"{paper.file_stem}{'-' + unit if unit else ''}.{fmt}"
    return Rendered(
        _write(paper, doc, document, fmt, lang, table, zone, pdf), MEDIA_TYPES[fmt], name
    )


def _write(
    paper: Paper,
    doc: Any,
    document: str,
    fmt: str,
    lang: str,
    table: str | None,
    zone: str,
    pdf: Callable[[str], bytes] | None,
) -> bytes:
    if fmt == "json":
        return to_json(doc, document, lang)
    if fmt == "csv":
        return to_csv(pick(paper.tables(doc), table, document), lang, zone)
    if fmt == "xlsx":
        return to_xlsx(paper.tables(doc), doc.letterhead.title, lang, zone)
    html = paper.page(doc, lang, zone)
    if fmt == "html":
        return html.encode("utf-8")
    return (pdf or to_pdf)(html)
