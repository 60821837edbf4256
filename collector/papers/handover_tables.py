"""The handover records' tables: every moved PC (the main one) and the pairs with their
counts and the totals."""

from __future__ import annotations

from collector.papers import words
from collector.papers.handover import HandoverRecords
from collector.papers.model import Column, Table, joined
from standard.wording import Text

FROM_UNIT = Text("Đơn vị cũ (bên giao)", "Former unit (handing over)")
TO_UNIT = Text("Đơn vị mới (bên nhận)", "New unit (receiving)")
NUMBER = Text("Số biên bản", "Record no.")


def tables(doc: HandoverRecords) -> tuple[Table, ...]:
    """Return the moved PCs and the pairs."""
    return (_machines_table(doc), _pairs_table(doc))


def _evidence(kinds: tuple[str, ...]) -> Text:
    return joined(tuple(words.EVIDENCE.get(k, Text(k, k)) for k in kinds))


def _machines_table(doc: HandoverRecords) -> Table:
    columns = (
        Column("number", NUMBER, width=16),
        Column("from_unit", FROM_UNIT, width=30),
        Column("to_ward", words.UNIT_CODE, width=22),
        Column("to_unit", TO_UNIT, width=24),
        Column("hostname", words.HOSTNAME, width=18),
        Column("asset_tag", words.ASSET_TAG, width=16),
        Column("specs", Text("Cấu hình", "Specifications"), width=50),
        Column("evidence", Text("Căn cứ", "Evidence"), width=24),
        Column(
            "last_before_at",
            Text("Báo cáo cuối ở đơn vị cũ", "Last report, former unit"),
            "time",
            18,
        ),
        Column(
            "first_after_at", Text("Báo cáo đầu ở đơn vị mới", "First report, new unit"), "time", 18
        ),
    )
    rows = tuple(
        (
            r.letterhead.number,
            r.from_name,
            r.to_ward,
            r.to_name,
            m.hostname,
            m.asset_tag,
            m.specs,
            _evidence(m.evidence),
            m.last_before_at,
            m.first_after_at,
        )
        for r in doc.records
        for m in r.machines
    )
    title = Text("Máy vi tính cá nhân đã chuyển đơn vị", "Personal computers that moved")
    return Table("machines", title, columns, rows)


def _pairs_table(doc: HandoverRecords) -> Table:
    columns = (
        Column("number", NUMBER, width=16),
        Column("from_unit", FROM_UNIT, width=30),
        Column("to_ward", words.UNIT_CODE, width=22),
        Column("to_unit", TO_UNIT, width=24),
        Column("reported", Text("Số máy theo dữ liệu", "PCs by evidence"), "count", 12),
        Column("listed", Text("Số máy theo danh mục", "PCs in the inventory"), "count", 12),
        Column("difference", Text("Chênh lệch", "Difference"), "count", 12),
    )
    rows = tuple(
        (r.letterhead.number, r.from_name, r.to_ward, r.to_name, r.reported, r.listed, r.difference)
        for r in doc.records
    )
    label = words.CITY_TOTAL if doc.unit is None else words.TOTAL
    total = (None, label, None, None, doc.reported, doc.listed, doc.reported - doc.listed)
    title = Text("Tổng hợp theo cặp đơn vị", "Per pair of units")
    return Table("pairs", title, columns, rows, total)
