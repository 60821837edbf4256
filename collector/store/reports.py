"""Save a group of reports in one transaction: dedup, latest state, findings, history.

Like Pushgateway, a report replaces its machine's latest state, but only if its seq is
higher than any stored: a backlog replayed out of order lands in history and never
overwrites newer data. A (agent_id, seq) already received is a duplicate: the collector
acknowledges it (so the agent stops retrying) and nothing else is touched.

Speed: a batch costs a fixed handful of statements whatever its size (on PostgreSQL one
per table written, batched.py; on SQLite executemany), statements built once; agents'
rows are locked first, in agent_id order, so concurrent batches serialise per agent
instead of deadlocking.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.exc import SQLAlchemyError

from collector.store.batched import update_rows, upsert_newer, write
from collector.store.bulk import dbapi_errors, fetchall, pipelined
from collector.store.errors import StoreError
from collector.store.findings import replace_findings
from collector.store.history import insert_history, received_before
from collector.store.plan import Known, Plan, plan_batch
from collector.store.tables import agents, latest, latest_inventory
from standard.finding import Finding

SaveStatus = Literal["latest", "older", "duplicate"]


@dataclass(frozen=True, slots=True)
class IngestItem:
    """One authenticated, validated report to store; times are unix seconds."""

    agent_id: str
    seq: int
    kind: str  # "inventory", "health" or "agentless"
    report_json: str  # the report as received
    collected_at: float  # agent clock
    received_at: float  # collector clock
    ward: str
    hostname: str
    findings: tuple[Finding, ...] = ()
    history_json: str | None = None  # history.compact_history(report)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What happened to one item: "latest" is the only status that changes current state."""

    agent_id: str
    seq: int
    status: SaveStatus


def save_batch(conn: Connection, items: Sequence[IngestItem]) -> list[SaveResult]:
    """Store `items` inside the caller's transaction; return one result per item, in order."""
    if not items:
        return []
    try:
        with pipelined(conn):  # with psycopg's BEGIN: one round trip
            known = _lock_agents(conn, sorted({item.agent_id for item in items}))
        fresh = _fresh(conn, items, known)
        plan = plan_batch(fresh, known)
        _write(conn, fresh, plan)
    except (SQLAlchemyError, dbapi_errors(conn)) as err:
        raise StoreError(f"saving {len(items)} reports failed: {err}") from err
    fresh_ids = {id(item) for item in fresh}
    return [_result(item, plan, id(item) in fresh_ids) for item in items]


def _result(item: IngestItem, plan: Plan[IngestItem], fresh: bool) -> SaveResult:
    if not fresh:
        return SaveResult(item.agent_id, item.seq, "duplicate")
    status: SaveStatus = "latest" if plan.is_winner(item) else "older"
    return SaveResult(item.agent_id, item.seq, status)


def _lock_agents(conn: Connection, agent_ids: list[str]) -> dict[str, Known]:
    ids = {f"id{i}": agent_id for i, agent_id in enumerate(agent_ids)}
    known = {row[0]: Known(*row[1:]) for row in fetchall(conn, _lock(len(agent_ids)), ids)}
    if len(known) < len(agent_ids):
        missing = sorted(set(agent_ids) - known.keys())
        raise StoreError(f"reports from agents not enrolled: {', '.join(missing)}")
    return known


def _fresh(
    conn: Connection, items: Sequence[IngestItem], known: Mapping[str, Known]
) -> list[IngestItem]:
    firsts = list({(item.agent_id, item.seq): item for item in reversed(items)}.values())
    firsts.reverse()
    replays = [
        (item.agent_id, item.seq)
        for item in firsts
        if item.seq <= (known[item.agent_id].last_seq or 0)
    ]
    seen = received_before(conn, replays)
    return [item for item in firsts if (item.agent_id, item.seq) not in seen]


def _write(conn: Connection, fresh: list[IngestItem], plan: Plan[IngestItem]) -> None:
    replace_findings(conn, plan.findings_changed)  # rare, and run by SQLAlchemy: not pipelined
    dialect = conn.dialect.name
    with pipelined(conn):  # the writes of every batch: one round trip
        insert_history(conn, fresh)
        write(conn, upsert_newer(dialect, latest), [_latest_row(i, plan) for i in plan.winners])
        inventories = [_inventory_row(item) for item in plan.inventories]
        write(conn, upsert_newer(dialect, latest_inventory), inventories)
        write(conn, update_rows(dialect, agents, "agent_id", _AGENT_COLUMNS), plan.agent_rows)


def _latest_row(item: IngestItem, plan: Plan[IngestItem]) -> dict[str, Any]:
    return {
        "agent_id": item.agent_id,
        "seq": item.seq,
        "kind": item.kind,
        "report": item.report_json,
        "collected_at": item.collected_at,
        "received_at": item.received_at,
        "findings_digest": plan.digests[item.agent_id],
    }


def _inventory_row(item: IngestItem) -> dict[str, Any]:
    return {
        "agent_id": item.agent_id,
        "seq": item.seq,
        "report": item.report_json,
        "collected_at": item.collected_at,
    }


@functools.cache
def _lock(count: int) -> Any:
    """Build the query that locks `count` agents' rows (bind parameters id0, id1...).

    One statement per count, not an expanding IN: that is rendered again at each execution.
    NO KEY UPDATE (key_share) locks the rows without blocking other batches' foreign-key
    checks; SQLite ignores it (its transactions begin IMMEDIATE).
    """
    return (
        select(
            agents.c.agent_id,
            agents.c.hostname,
            agents.c.last_seq,
            agents.c.last_report_at,
            latest.c.findings_digest,
        )
        .outerjoin(latest, latest.c.agent_id == agents.c.agent_id)
        .where(agents.c.agent_id.in_([bindparam(f"id{i}") for i in range(count)]))
        .order_by(agents.c.agent_id)
        .with_for_update(key_share=True, of=agents)
    )


_AGENT_COLUMNS = ("hostname", "last_seq", "last_report_at")  # plan.agent_rows' b_*
