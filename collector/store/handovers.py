"""Handovers (bàn giao): a machine whose reports moved from one ward to another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, func, select

from collector.store.tables import handovers


@dataclass(frozen=True, slots=True)
class Handover:
    """A ward change seen in an agent's reports; `at` is the receive time, unix seconds."""

    agent_id: str
    from_ward: str
    to_ward: str
    seq: int  # the first report from to_ward
    at: float


@dataclass(frozen=True, slots=True)
class HandoverCount:
    """How many distinct machines moved from one ward to another."""

    from_ward: str
    to_ward: str
    machines: int


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


def count_handovers(conn: Connection, since: float = 0.0) -> list[HandoverCount]:
    """Count the machines that moved between each pair of wards since `since`."""
    machines = func.count(handovers.c.agent_id.distinct())
    query = (
        select(handovers.c.from_ward, handovers.c.to_ward, machines)
        .where(handovers.c.at >= since)
        .group_by(handovers.c.from_ward, handovers.c.to_ward)
        .order_by(handovers.c.from_ward, handovers.c.to_ward)
    )
    return [HandoverCount(*row) for row in conn.execute(query)]
