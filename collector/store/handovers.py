"""Handovers (bàn giao): a machine moved from one ward to another (`collector.store.moves`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Connection, func, select

from collector.store.tables import agents, handovers, history


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


@dataclass(frozen=True, slots=True)
class HandoverSighting:
    """A handover, its machine's enrolled host name, and the receipts either side of it:
    unix seconds, None once retention has dropped that history (storage.retention_days)."""

    handover: Handover
    hostname: str
    last_before_at: float | None  # the last report received under from_ward
    first_after_at: float | None  # the first report received under to_ward


def list_handover_sightings(conn: Connection) -> list[HandoverSighting]:
    """List every handover, oldest first, with when its machine last reported under the unit
    it left and first under the unit it joined (a report's unit follows from its seq)."""
    h = handovers.alias("h")
    before = (
        select(func.max(history.c.received_at))
        .where(history.c.agent_id == h.c.agent_id, history.c.seq < h.c.seq)
        .scalar_subquery()
    )
    after = (
        select(func.min(history.c.received_at))
        .where(history.c.agent_id == h.c.agent_id, history.c.seq >= h.c.seq)
        .scalar_subquery()
    )
    columns = (h.c.agent_id, h.c.from_ward, h.c.to_ward, h.c.seq, h.c.at, h.c.evidence)
    query = (
        select(*columns, agents.c.hostname, before, after)
        .join(agents, agents.c.agent_id == h.c.agent_id)
        .order_by(h.c.at, h.c.id)
    )
    return [
        HandoverSighting(Handover(*row[:6]), row[6], row[7], row[8]) for row in conn.execute(query)
    ]
