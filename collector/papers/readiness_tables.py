"""The readiness report's tables: one row per unit (the main one) and one per reason."""

from __future__ import annotations

from collector.papers import words
from collector.papers.model import Cell, Column, Table, joined
from collector.papers.readiness import ReadinessReport
from standard.wording import Text

STATE = Text("Tình trạng", "State")


def tables(doc: ReadinessReport) -> tuple[Table, ...]:
    """Return the units and their reasons."""
    return (_units_table(doc), _reasons_table(doc))


def _status(ready: bool) -> Text:
    return words.READY if ready else words.NOT_READY


def _units_table(doc: ReadinessReport) -> Table:
    columns = (
        Column("ward", words.UNIT_CODE, width=22),
        Column("unit", words.UNIT, width=24),
        Column("ready", STATE, width=14),
        Column("expected", Text("Số máy dự kiến", "Expected"), "count", 10),
        Column("reporting", Text("Đang báo cáo", "Reporting"), "count", 10),
        Column("silent", Text("Mất liên lạc", "Silent"), "count", 10),
        Column("unknown", Text("Ngoài danh mục", "Unknown"), "count", 10),
        Column("below_standard", Text("Chưa đạt chuẩn", "Below standard"), "count", 10),
        Column("coverage_ratio", Text("Tỷ lệ báo cáo", "Coverage"), "ratio", 10),
        *(Column(f"{t}_ratio", label, "ratio", 12) for t, label in doc.targets),
        Column("reasons", Text("Lý do chưa sẵn sàng", "Why not ready"), width=70),
    )
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            u.ward,
            u.name,
            _status(u.ready),
            u.expected,
            u.reporting,
            u.silent,
            u.unknown,
            u.below_standard,
            u.coverage_ratio,
            *(t.share_ratio for t in u.targets),
            joined(u.reasons),
        )
        for u in doc.units
    )
    return Table("units", Text("Mức độ sẵn sàng theo đơn vị", "Readiness per unit"), columns, rows)


def _reasons_table(doc: ReadinessReport) -> Table:
    columns = (
        Column("ward", words.UNIT_CODE, width=22),
        Column("unit", words.UNIT, width=24),
        Column("reason", Text("Lý do", "Reason"), width=80),
    )
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (u.ward, u.name, reason) for u in doc.units for reason in u.reasons
    )
    return Table("reasons", Text("Lý do chưa sẵn sàng", "Why units are not ready"), columns, rows)
