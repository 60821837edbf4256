"""Read every active agent's current state, to rebuild the in-memory Fleet at start-up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import Engine, Row, select

from collector.store.engine import reader
from collector.store.findings import findings_of
from collector.store.tables import agents, findings, latest
from standard.finding import Finding


@dataclass(frozen=True, slots=True)
class Current:
    """One agent's latest report with its findings; times are unix seconds."""

    agent_id: str
    report_json: str
    findings: tuple[Finding, ...]
    clone_suspected: bool
    received_at: float
    collected_at: float


def load_current(engine: Engine, chunk: int = 1000) -> Iterator[Current]:
    """Yield each active agent's latest report and findings, streamed `chunk` rows at a time."""
    active = agents.c.revoked_at.is_(None)
    reports = (
        select(
            latest.c.agent_id,
            latest.c.report,
            agents.c.clone_suspected,
            latest.c.received_at,
            latest.c.collected_at,
        )
        .join(agents, agents.c.agent_id == latest.c.agent_id)
        .where(active)
        .order_by(latest.c.agent_id)
    )
    found = (
        select(findings)
        .join(agents, agents.c.agent_id == findings.c.agent_id)
        .where(active)
        .order_by(findings.c.agent_id, findings.c.ordinal)
    )
    with reader(engine).connect() as conn:
        streamed = conn.execution_options(yield_per=chunk)
        # Both streams share one ORDER BY, so groups meet in the same (collation) order.
        groups = groupby(streamed.execute(found), key=lambda row: row.agent_id)
        yield from _merge(streamed.execute(reports), groups)


def _merge(reports: Any, groups: Iterator[tuple[str, Iterator[Row[Any]]]]) -> Iterator[Current]:
    pending = next(groups, None)
    for row in reports:
        own: tuple[Finding, ...] = ()
        while pending is not None and pending[0] < row.agent_id:  # findings with no report
            pending = next(groups, None)
        if pending is not None and pending[0] == row.agent_id:
            own = findings_of(pending[1])
            pending = next(groups, None)
        yield Current(
            row.agent_id,
            row.report,
            own,
            row.clone_suspected,
            row.received_at,
            row.collected_at,
        )
