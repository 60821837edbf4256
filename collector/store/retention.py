"""Retention: drop history (with its receipts) and resolved clones older than a cut-off.

Receipts answer a replayed report "duplicate". An agent resends a report only while it
is unacknowledged, or, after a crash between the acknowledgement and its spool delete, at
its next start: keep history at least as long as a PC can stay switched off (days to
weeks). A replay arriving after its receipt was pruned is still harmless to current
state: its seq is at most agents.last_seq, so it is stored as "older" (one history row
again) and never overwrites `latest`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete

from collector.store.tables import clones, history


@dataclass(frozen=True)
class Pruned:
    """How many rows one prune deleted, per table."""

    history: int
    clones: int


def prune(conn: Connection, older_than: float) -> Pruned:
    """Delete history received, and clones resolved, before `older_than` (unix seconds)."""
    return Pruned(
        history=conn.execute(delete(history).where(history.c.received_at < older_than)).rowcount,
        clones=conn.execute(delete(clones).where(clones.c.resolved_at < older_than)).rowcount,
    )
