"""The findings of each agent's latest report, replaced when a newer report changes them.

Most reports repeat their machine's findings: `latest.findings_digest` holds a digest of
the stored ones, and only agents whose digest changed get their rows rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import orjson
from sqlalchemy import Connection, Row, delete

from collector.store.batched import insert_rows, write
from collector.store.tables import findings
from standard.finding import Finding


class Judged(Protocol):
    """A stored report with its findings (reports.IngestItem satisfies it)."""

    @property
    def agent_id(self) -> str: ...
    @property
    def received_at(self) -> float: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...


def digest(found: tuple[Finding, ...]) -> str:
    """Return a short digest of `found`: equal findings give equal digests.

    The fields are JSON values; orjson writes them canonically (and at a quarter of the cost
    of `repr` on the ingest path).
    """
    if not found:
        return ""
    fields = [
        (f.rule, f.finding_class, f.severity, f.measured, f.required, f.message_vi,
         f.message_en, f.target, f.cost_vnd)
        for f in found
    ]  # fmt: skip
    return hashlib.blake2b(orjson.dumps(fields), digest_size=8).hexdigest()


def replace_findings(conn: Connection, reports: Sequence[Judged]) -> None:
    """Replace each agent's findings with those of its report; keep `since` of repeats."""
    if not reports:
        return
    removed = conn.execute(
        delete(findings)
        .where(findings.c.agent_id.in_([r.agent_id for r in reports]))
        .returning(findings.c.agent_id, findings.c.rule, findings.c.target, findings.c.since)
    )
    since = {(row.agent_id, row.rule, row.target): row.since for row in removed}
    rows = [_row(r, i, f, since) for r in reports for i, f in enumerate(r.findings)]
    write(conn, insert_rows(conn.dialect.name, findings), rows)


def finding_of(row: Row[Any]) -> Finding:
    """Rebuild a Finding from a findings row."""
    return Finding(
        rule=row.rule,
        finding_class=row.finding_class,
        severity=row.severity,
        measured=json.loads(row.measured),
        required=json.loads(row.required),
        message_vi=row.message_vi,
        message_en=row.message_en,
        target=row.target,
        cost_vnd=row.cost_vnd,
    )


def findings_of(rows: Iterable[Row[Any]]) -> tuple[Finding, ...]:
    """Rebuild the Findings of rows, in their stored order."""
    return tuple(finding_of(row) for row in rows)


def _row(report: Judged, ordinal: int, f: Finding, since: dict[Any, float]) -> dict[str, Any]:
    return {
        "agent_id": report.agent_id,
        "ordinal": ordinal,
        "rule": f.rule,
        "finding_class": f.finding_class,
        "severity": f.severity,
        "target": f.target,
        "measured": json.dumps(f.measured),
        "required": json.dumps(f.required),
        "message_vi": f.message_vi,
        "message_en": f.message_en,
        "cost_vnd": f.cost_vnd,
        "since": since.get((report.agent_id, f.rule, f.target), report.received_at),
    }
