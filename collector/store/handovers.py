"""Handovers (bàn giao): a machine moved from one ward to another (`collector.store.moves`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Connection, func, select

from collector.store.tables import handovers


@dataclass(frozen=True, slots=True)
class Handover:
    """A move between wards; `at` is when it was made, unix seconds."""

    agent_id: str
    from_ward: str
    to_ward: str
    seq: int  # the first report under to_ward
    at: float
    evidence: str = "proven"  # proven, approved (moves.Evidence), or report (before moves)


def list_handovers(conn: Connection, since: float = 0.0, ward: str | None = None) -> list[Handover]:
    """List handovers received since `since` (unix seconds), to or from `ward` if given."""
    query = select(
        handovers.c.agent_id,
        handovers.c.from_ward,
        handovers.c.to_ward,
        handovers.c.seq,
        handovers.c.at,
        handovers.c.evidence,
    ).where(handovers.c.at >= since)
    if ward is not None:
        query = query.where((handovers.c.from_ward == ward) | (handovers.c.to_ward == ward))
    return [Handover(*row) for row in conn.execute(query.order_by(handovers.c.at, handovers.c.id))]


class WardHandovers(NamedTuple):
    """PCs handed over to and from one ward: recorded moves, all time."""

    into: int
    out_of: int


def handovers_by_ward(conn: Connection) -> dict[str, WardHandovers]:
    """Count the recorded moves into and out of each ward that has any."""
    counts: dict[str, list[int]] = {}
    for column, side in ((handovers.c.to_ward, 0), (handovers.c.from_ward, 1)):
        for ward, moves in conn.execute(select(column, func.count()).group_by(column)):
            counts.setdefault(ward, [0, 0])[side] = moves
    return {ward: WardHandovers(*pair) for ward, pair in sorted(counts.items())}
