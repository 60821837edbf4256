"""The reinvestment list's tables: the machines (the main one), the units with the city
total, and the operational findings listed apart."""

from __future__ import annotations

from collector.papers import words
from collector.papers.model import Column, Table, joined
from collector.papers.reinvestment import ReinvestmentList, UnitNeed
from standard.wording import Text


def tables(doc: ReinvestmentList) -> tuple[Table, ...]:
    """Return the machines (the main table), the units and the operational findings."""
    return (machines_table(doc.units), _units_table(doc), _operational_table(doc))


def machines_table(units: tuple[UnitNeed, ...]) -> Table:
    """Return the machines of `units`, each with what to do, why and the cost; the total."""
    columns = (
        Column("rank", Text("Hạng", "Rank"), "count", 6),
        Column("ward", words.UNIT_CODE, width=22),
        Column("unit", words.UNIT, width=24),
        Column("hostname", words.HOSTNAME, width=18),
        Column("asset_tag", words.ASSET_TAG, width=16),
        Column("role", Text("Vai trò", "Role"), width=14),
        Column("remedies", Text("Việc cần làm", "What to do"), width=40),
        Column(
            "shortfalls",
            Text("Lý do (đo được so với yêu cầu)", "Why (measured against required)"),
            width=60,
        ),
        Column("cost_vnd", Text("Chi phí ước tính (đồng)", "Estimated cost (VND)"), "vnd", 18),
    )
    rows = tuple(
        (
            u.rank,
            u.ward,
            u.name,
            m.hostname,
            m.asset_tag,
            words.role(m.role),
            joined(tuple(r.text for r in m.remedies)),
            joined(tuple(s.text for s in m.shortfalls)),
            m.cost_vnd,
        )
        for u in units
        for m in u.machines
    )
    total = (None, None, None, words.TOTAL, None, None, None, None, sum(u.cost_vnd for u in units))
    return Table(
        "machines", Text("Máy cần đầu tư lại", "Machines to reinvest in"), columns, rows, total
    )


def _units_table(doc: ReinvestmentList) -> Table:
    columns = (
        Column("rank", Text("Hạng", "Rank"), "count", 6),
        Column("ward", words.UNIT_CODE, width=22),
        Column("unit", words.UNIT, width=24),
        Column("machines", Text("Số máy", "Machines"), "count", 10),
        Column("reasons", Text("Lý do chính", "Main reasons"), width=60),
        Column("cost_vnd", Text("Chi phí ước tính (đồng)", "Estimated cost (VND)"), "vnd", 18),
    )
    rows = tuple(
        (
            u.rank,
            u.ward,
            u.name,
            len(u.machines),
            joined(
                tuple(
                    Text(f"{r.label.vi} ({r.machines})", f"{r.label.en} ({r.machines})")
                    for r in u.reasons
                )
            ),
            u.cost_vnd,
        )
        for u in doc.units
    )
    label = words.CITY_TOTAL if doc.unit is None else words.TOTAL
    total = (None, None, label, doc.machines, None, doc.cost_vnd)
    return Table("units", Text("Tổng hợp theo đơn vị", "Per unit"), columns, rows, total)


def _operational_table(doc: ReinvestmentList) -> Table:
    columns = (
        Column("ward", words.UNIT_CODE, width=22),
        Column("unit", words.UNIT, width=24),
        Column("hostname", words.HOSTNAME, width=18),
        Column("rule", Text("Quy tắc", "Rule"), width=16),
        Column("severity", Text("Mức độ", "Severity"), width=12),
        Column("finding", Text("Cần xử lý", "Needs action"), width=70),
    )
    rows = tuple(
        (
            o.ward,
            o.name,
            o.hostname,
            o.rule,
            words.SEVERITIES.get(o.severity, Text(o.severity, o.severity)),
            o.text,
        )
        for o in doc.operational
    )
    title = Text(
        "Vấn đề vận hành (cần xử lý, không cần kinh phí)",
        "Operational findings (action, not money)",
    )
    return Table("operational", title, columns, rows)
