"""Per-report history: each received report's receipt (the dedup key) and compact record.

The receipt and the history row are one row, keyed (agent_id, seq): a report is new
exactly when its row inserts, so dedup costs no extra write, and retention bounds both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, select

from collector.store.dialect import insert
from collector.store.tables import history

_HEALTH = ("cpu_used_ratio", "memory_used_ratio", "swap_used_ratio", "load1", "uptime_seconds")
_PROBE = ("name", "result", "loss_ratio", "rtt_p95_seconds", "jitter_seconds")


class Received(Protocol):
    """A received report (reports.IngestItem satisfies it)."""

    @property
    def agent_id(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def received_at(self) -> float: ...
    @property
    def collected_at(self) -> float: ...
    @property
    def history_json(self) -> str | None: ...


R = TypeVar("R", bound=Received)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One past report of an agent; times are unix seconds, `health` is compact_history's."""

    seq: int
    received_at: float
    collected_at: float
    health: dict[str, Any] | None


def compact_history(report: Mapping[str, Any]) -> str:
    """Return the compact JSON of a validated report's health and probes, for history."""
    health = report.get("health") or {}
    record: dict[str, Any] = {key: health.get(key) for key in _HEALTH}
    record["filesystems"] = [
        [fs["mount"], fs["used_ratio"]] for fs in health.get("filesystems", ())
    ]
    record["probes"] = [[p.get(key) for key in _PROBE] for p in report.get("probes", ())]
    return json.dumps(record, separators=(",", ":"))


def record_received(conn: Connection, reports: Sequence[R]) -> list[R]:
    """Insert each report's history row; return the reports not received before, in order."""
    firsts = list({(r.agent_id, r.seq): r for r in reversed(reports)}.values())
    firsts.reverse()
    stmt = insert(conn, history).on_conflict_do_nothing()
    stored = conn.execute(
        stmt.returning(history.c.agent_id, history.c.seq), [_row(r) for r in firsts]
    )
    keys = {(row.agent_id, row.seq) for row in stored}
    return [r for r in firsts if (r.agent_id, r.seq) in keys]


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


def _loads(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text is not None else None


def _row(report: Received) -> dict[str, Any]:
    return {
        "agent_id": report.agent_id,
        "seq": report.seq,
        "received_at": report.received_at,
        "collected_at": report.collected_at,
        "health": report.history_json,
    }
