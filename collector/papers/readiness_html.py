"""The readiness report laid out as HTML: how many units are ready, the grid of units
against the data centre and the four tools, the table, and why each unit is not ready."""

from __future__ import annotations

from collections.abc import Iterator

from collector.papers import charts, words
from collector.papers.dates import stamp
from collector.papers.model import say
from collector.papers.readiness import ReadinessReport, UnitReadiness
from collector.papers.readiness_tables import tables
from collector.papers.to_html import esc, letterhead, page, report_signatures, table
from standard.wording import Text, percent

GRID_ROWS = 42  # units per grid: one printed page
SHORT = {
    "datacenter": Text("TT Dữ liệu", "Data centre"),
    "video_conference": Text("Hội nghị", "Video conf."),
    "records": Text("Hồ sơ", "Records"),
    "documents": Text("Văn bản", "Documents"),
    "feedback_1022": Text("Phản ánh 1022", "1022"),
}
LEGEND = Text(
    "Xanh: đạt; đỏ: chưa đạt; xám: không có máy nào báo cáo",
    "Green: ready; red: not ready; grey: no machine reports",
)


def _cells(unit: UnitReadiness) -> list[bool | None]:
    if not unit.reporting:
        return [None] * (1 + len(unit.targets))
    return [unit.ready, *(t.ready for t in unit.targets)]


def grids(doc: ReadinessReport, lang: str) -> Iterator[str]:
    """Draw the grid, one page of units at a time."""
    columns = [say(Text("Tổng thể", "Overall"), lang)]
    columns += [say(SHORT.get(t, label), lang) for t, label in doc.targets]
    rows = [(u.name, _cells(u)) for u in doc.units]
    for start in range(0, len(rows), GRID_ROWS):
        yield charts.readiness_grid(columns, rows[start : start + GRID_ROWS], LEGEND, lang)


def _rules(doc: ReadinessReport, lang: str) -> str:
    r = doc.rules
    text = Text(
        f"Đơn vị sẵn sàng khi: ≥ {percent(r.min_reporting_ratio).vi} số máy dự kiến đang báo "
        f"cáo; ≥ {percent(r.min_compliant_ratio).vi} số máy báo cáo đạt chuẩn thiết bị; và với "
        f"Trung tâm Dữ liệu chung và từng hệ thống, ≥ {percent(r.min_link_share_ratio).vi} số máy "
        "kết nối trong giới hạn của tiêu chuẩn (mất gói, độ trễ, jitter).",
        f"A unit is ready when at least {percent(r.min_reporting_ratio).en} of its expected "
        f"machines report, {percent(r.min_compliant_ratio).en} of those meet the equipment "
        f"standard, and {percent(r.min_link_share_ratio).en} reach the data centre and each tool "
        "within the standard's limits (loss, latency, jitter).",
    )
    return f'<p class="note">{esc(say(text, lang))}</p>'


def _reasons(doc: ReadinessReport, lang: str) -> str:
    items = "".join(
        f'<li data-unit="{esc(u.ward)}"><b>{esc(u.name)}</b>: '
        f"{esc('; '.join(say(r, lang) for r in u.reasons))}</li>"
        for u in doc.units
        if u.reasons
    )
    return f"<ul>{items}</ul>" if items else ""


def body(doc: ReadinessReport, lang: str, zone: str) -> Iterator[str]:
    """Yield the report's parts in reading order."""
    units, reasons = tables(doc)
    counts = Text(
        f"{doc.ready_units}/{len(doc.units)} đơn vị sẵn sàng",
        f"{doc.ready_units} of {len(doc.units)} units ready",
    )
    yield letterhead(doc.letterhead, lang)
    yield (
        f'<p class="key" data-key="ready"><b>{esc(say(counts, lang))}</b>. '
        f"{esc(say(words.GENERATED, lang))} {esc(stamp(doc.generated_at, zone, lang))}.</p>"
    )
    yield _rules(doc, lang)
    yield from grids(doc, lang)
    yield f'<div class="wide"><h2>I. {esc(say(units.title, lang))}</h2>{table(units, lang, zone)}'
    yield f"<h2>II. {esc(say(reasons.title, lang))}</h2>{_reasons(doc, lang)}</div>"
    yield report_signatures(lang)


def to_page(doc: ReadinessReport, lang: str, zone: str) -> str:
    """Return the whole HTML page."""
    return page(say(doc.letterhead.title, lang), body(doc, lang, zone), lang)
