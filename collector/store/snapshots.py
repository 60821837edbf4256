"""Daily per-ward snapshots for trends: expected, reporting and compliant machines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from collector.store.dialect import insert
from collector.store.tables import snapshots


@dataclass(frozen=True)
class WardSnapshot:
    """One ward on one day; `readiness` is a JSON-able mapping (e.g. per-tool ratios)."""

    ward: str
    expected: int
    reporting: int
    compliant: int
    readiness: dict[str, Any]


def write_snapshot(conn: Connection, day: date, rows: Sequence[WardSnapshot]) -> None:
    """Store `day`'s snapshot of each ward, replacing one written earlier that day."""
    if not rows:
        return
    stmt = insert(conn, snapshots)
    columns = ("expected", "reporting", "compliant", "readiness")
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[snapshots.c.day, snapshots.c.ward],
            set_={name: stmt.excluded[name] for name in columns},
        ),
        [_row(day, row) for row in rows],
    )


def _row(day: date, row: WardSnapshot) -> dict[str, Any]:
    return {
        "day": day,
        "ward": row.ward,
        "expected": row.expected,
        "reporting": row.reporting,
        "compliant": row.compliant,
        "readiness": json.dumps(row.readiness, sort_keys=True, separators=(",", ":")),
    }
