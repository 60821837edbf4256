"""Per-report history: each received report's receipt (the dedup key) and compact record.

The receipt and the history row are one row, keyed (agent_id, seq), so dedup costs no
extra write and retention bounds both. A seq above the agent's last_seq is new without a
look-up; only replays (seq at most last_seq) are checked with `received_before`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

import orjson
from sqlalchemy import Connection, select, tuple_

from collector.store.batched import insert_rows, write
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


def compact_history(report: Mapping[str, Any]) -> str:
    """Return the compact JSON of a validated report's health and probes, for history."""
    health = report.get("health") or {}
    record: dict[str, Any] = {key: health.get(key) for key in _HEALTH}
    record["filesystems"] = [
        [fs["mount"], fs["used_ratio"]] for fs in health.get("filesystems", ())
    ]
    record["probes"] = [[p.get(key) for key in _PROBE] for p in report.get("probes", ())]
    return orjson.dumps(record).decode()


def insert_history(conn: Connection, reports: Sequence[Received]) -> None:
    """Insert the history row (and receipt) of each report, none received before."""
    write(conn, insert_rows(conn.dialect.name, history), [_row(r) for r in reports])


def received_before(conn: Connection, keys: Collection[tuple[str, int]]) -> set[tuple[str, int]]:
    """Return which (agent_id, seq) keys already have a receipt."""
    if not keys:
        return set()
    query = select(history.c.agent_id, history.c.seq).where(
        tuple_(history.c.agent_id, history.c.seq).in_(list(keys))
    )
    return {(row.agent_id, row.seq) for row in conn.execute(query)}


def _row(report: Received) -> dict[str, Any]:
    return {
        "agent_id": report.agent_id,
        "seq": report.seq,
        "received_at": report.received_at,
        "collected_at": report.collected_at,
        "health": report.history_json,
    }
