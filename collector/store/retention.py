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

from sqlalchemy import Connection, delete, select, tuple_

from collector.store.tables import clones, history


@dataclass(frozen=True)
class Pruned:
    """How many rows one prune deleted, per table."""

    history: int
    clones: int


def prune(conn: Connection, older_than: float, limit: int = 10_000) -> Pruned:
    """Delete at most `limit` history rows received, and clones resolved, before `older_than`.

    Bounded so that one transaction never holds the write lock for long: call it again
    (a new transaction each time) until it deletes nothing.
    """
    old = (
        select(history.c.agent_id, history.c.seq)
        .where(history.c.received_at < older_than)
        .limit(limit)
    )
    key = tuple_(history.c.agent_id, history.c.seq)
    return Pruned(
        history=conn.execute(delete(history).where(key.in_(old))).rowcount,
        clones=conn.execute(delete(clones).where(clones.c.resolved_at < older_than)).rowcount,
    )
