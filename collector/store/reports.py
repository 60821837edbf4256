"""Save a group of reports in one transaction: dedup, latest state, findings, history.

Like Pushgateway, a report replaces its machine's latest state, but only if its seq is
higher than any stored: a backlog replayed out of order lands in history and never
overwrites newer data. A (agent_id, seq) already received is a duplicate: the
collector acknowledges it (so the agent stops retrying) and nothing else is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from collector.standard.finding import Finding
from collector.store.dialect import insert
from collector.store.errors import StoreError
from collector.store.findings import replace_findings
from collector.store.handovers import Handover, insert_handovers
from collector.store.history import record_received
from collector.store.plan import Known, Plan, plan_batch
from collector.store.tables import agents, latest, latest_inventory

SaveStatus = Literal["latest", "older", "duplicate"]


@dataclass(frozen=True, slots=True)
class IngestItem:
    """One authenticated, validated report to store; times are unix seconds."""

    agent_id: str
    seq: int
    kind: str  # "inventory" or "health"
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
    handovers: tuple[Handover, ...] = ()


def save_batch(conn: Connection, items: Sequence[IngestItem]) -> list[SaveResult]:
    """Store `items` inside the caller's transaction; return one result per item, in order."""
    if not items:
        return []
    try:
        known = _lock_agents(conn, sorted({item.agent_id for item in items}))
        fresh = record_received(conn, items)
        plan = plan_batch(fresh, known)
        _write(conn, plan)
    except SQLAlchemyError as err:
        raise StoreError(f"saving {len(items)} reports failed: {err}") from err
    fresh_ids = {id(item) for item in fresh}
    return [_result(item, plan, id(item) in fresh_ids) for item in items]


def _result(item: IngestItem, plan: Plan[IngestItem], fresh: bool) -> SaveResult:
    if not fresh:
        return SaveResult(item.agent_id, item.seq, "duplicate")
    status: SaveStatus = "latest" if plan.is_winner(item) else "older"
    return SaveResult(item.agent_id, item.seq, status, plan.moves_of(item))


def _lock_agents(conn: Connection, agent_ids: list[str]) -> dict[str, Known]:
    # NO KEY UPDATE (key_share) does not block the foreign-key checks of other batches.
    query = (
        select(
            agents.c.agent_id,
            agents.c.ward,
            agents.c.hostname,
            agents.c.last_seq,
            agents.c.last_report_at,
            latest.c.findings_digest,
        )
        .outerjoin(latest, latest.c.agent_id == agents.c.agent_id)
        .where(agents.c.agent_id.in_(agent_ids))
        .order_by(agents.c.agent_id)
        .with_for_update(key_share=True, of=agents)
    )
    return {row.agent_id: Known(*row[1:]) for row in conn.execute(query)}


def _write(conn: Connection, plan: Plan[IngestItem]) -> None:
    _upsert_by_seq(conn, latest, [_latest_row(item, plan) for item in plan.winners])
    _upsert_by_seq(conn, latest_inventory, [_inventory_row(item) for item in plan.inventories])
    replace_findings(conn, plan.findings_changed)
    insert_handovers(conn, plan.handovers)
    if plan.agent_rows:
        conn.execute(_AGENT_UPDATE, plan.agent_rows)


def _upsert_by_seq(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    stmt = insert(conn, table)
    newer = {name: stmt.excluded[name] for name in rows[0] if name != "agent_id"}
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[table.c.agent_id], set_=newer, where=table.c.seq < stmt.excluded.seq
        ),
        rows,
    )


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


_AGENT_UPDATE = (
    update(agents)
    .where(agents.c.agent_id == bindparam("b_agent_id"))
    .values(
        ward=bindparam("b_ward"),
        hostname=bindparam("b_hostname"),
        last_seq=bindparam("b_last_seq"),
        last_report_at=bindparam("b_last_report_at"),
    )
)
