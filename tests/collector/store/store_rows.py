"""Read back what the store wrote, for the store tests."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Connection, select

from collector.store.snapshots import WardSnapshot
from collector.store.tables import history, snapshots


class HistoryEntry(NamedTuple):
    """One past report of an agent; times are unix seconds, `health` is compact_history's."""

    seq: int
    received_at: float
    collected_at: float
    health: dict[str, Any] | None


def read_history(conn: Connection, agent_id: str, since: float) -> list[HistoryEntry]:
    """Return an agent's history received since `since` (unix seconds), oldest first."""
    query = (
        select(history.c.seq, history.c.received_at, history.c.collected_at, history.c.health)
        .where(history.c.agent_id == agent_id, history.c.received_at >= since)
        .order_by(history.c.received_at, history.c.seq)
    )
    return [
        HistoryEntry(row.seq, row.received_at, row.collected_at, _loads(row.health))
        for row in conn.execute(query)
    ]


def read_snapshots(conn: Connection, first: date, last: date) -> list[tuple[date, WardSnapshot]]:
    """Return the snapshots from day `first` to day `last` inclusive, by day then ward."""
    query = (
        select(snapshots)
        .where(snapshots.c.day.between(first, last))
        .order_by(snapshots.c.day, snapshots.c.ward)
    )
    return [
        (
            row.day,
            WardSnapshot(
                row.ward, row.expected, row.reporting, row.compliant, json.loads(row.readiness)
            ),
        )
        for row in conn.execute(query)
    ]


def _loads(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text is not None else None
