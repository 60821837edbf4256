"""Handovers (bàn giao): a machine whose reports moved from one ward to another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, select

from collector.store.tables import handovers


@dataclass(frozen=True, slots=True)
class Handover:
    """A ward change seen in an agent's reports; `at` is the receive time, unix seconds."""

    agent_id: str
    from_ward: str
    to_ward: str
    seq: int  # the first report from to_ward
    at: float


def insert_handovers(conn: Connection, moves: Sequence[Handover]) -> None:
    """Store ward changes found while saving reports."""
    if moves:
        conn.execute(handovers.insert(), [asdict(move) for move in moves])


def list_handovers(conn: Connection, since: float = 0.0, ward: str | None = None) -> list[Handover]:
    """List handovers received since `since` (unix seconds), to or from `ward` if given."""
    query = select(
        handovers.c.agent_id,
        handovers.c.from_ward,
        handovers.c.to_ward,
        handovers.c.seq,
        handovers.c.at,
    ).where(handovers.c.at >= since)
    if ward is not None:
        query = query.where((handovers.c.from_ward == ward) | (handovers.c.to_ward == ward))
    return [Handover(*row) for row in conn.execute(query.order_by(handovers.c.at, handovers.c.id))]
