"""A machine carried to another unit: the move itself, and the requests the DTC decides.

A move takes effect at enrollment into the new unit, with evidence: "proven" when the
agent presented its current token (its state directory moved with the PC), "approved"
when the DTC approved a request made without it. Each move is one handover row, the
evidence the handover record cites; a report can no longer change its machine's unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, select, update

from collector.store.tables import agents, handovers, move_requests
from inventory.handover import detect_move

Evidence = Literal["proven", "approved"]
RequestStatus = Literal["pending", "approved", "refused", "done"]


@dataclass(frozen=True)
class MoveRequest:
    """A move asked for without the agent's token; times are unix seconds."""

    id: int
    agent_id: str
    from_ward: str
    to_ward: str
    hostname: str
    requested_at: float
    status: RequestStatus
    decided_at: float | None


def move(
    conn: Connection, agent_id: str, from_ward: str, to_ward: str, first_seq: int,
    evidence: Evidence, now: float, hostname: str = "",
) -> None:  # fmt: skip
    """Enroll `agent_id` into `to_ward` from seq `first_seq` on, and record the handover."""
    event = detect_move(from_ward, to_ward, agent_id, now, hostname)
    if event is None:
        return
    conn.execute(
        update(agents)
        .where(agents.c.agent_id == agent_id)
        .values(ward=to_ward, previous_ward=from_ward, ward_from_seq=first_seq)
    )
    row = {"agent_id": agent_id, "from_ward": event.from_ward, "to_ward": event.to_ward,
           "seq": first_seq, "at": event.at_seconds, "evidence": evidence}  # fmt: skip
    conn.execute(handovers.insert(), row)


def latest_request(conn: Connection, agent_id: str, to_ward: str) -> MoveRequest | None:
    """Return the newest request to move `agent_id` into `to_ward`, if any."""
    query = (
        select(move_requests)
        .where(move_requests.c.agent_id == agent_id, move_requests.c.to_ward == to_ward)
        .order_by(move_requests.c.id.desc())
    )
    row = conn.execute(query).first()
    return MoveRequest(**row._asdict()) if row else None


def request_move(
    conn: Connection, agent_id: str, from_ward: str, to_ward: str, hostname: str, now: float
) -> MoveRequest:
    """Return the open request to move `agent_id` into `to_ward`, filing one if none is open."""
    found = latest_request(conn, agent_id, to_ward)
    if found is not None and found.status in ("pending", "approved", "refused"):
        return found
    conn.execute(
        move_requests.insert(),
        {"agent_id": agent_id, "from_ward": from_ward, "to_ward": to_ward,
         "hostname": hostname, "requested_at": now, "status": "pending"},
    )  # fmt: skip
    filed = latest_request(conn, agent_id, to_ward)
    assert filed is not None
    return filed


def decide(conn: Connection, request_id: int, approve: bool, now: float) -> MoveRequest | None:
    """Approve or refuse a pending (or refused) request; None when there is no such request."""
    done = conn.execute(
        update(move_requests)
        .where(move_requests.c.id == request_id, move_requests.c.status.in_(("pending", "refused")))
        .values(status="approved" if approve else "refused", decided_at=now)
    )
    if done.rowcount != 1:
        return None
    row = conn.execute(select(move_requests).where(move_requests.c.id == request_id)).one()
    return MoveRequest(**row._asdict())


def close_request(conn: Connection, request_id: int) -> None:
    """Mark an approved request as carried out."""
    conn.execute(
        update(move_requests).where(move_requests.c.id == request_id).values(status="done")
    )


def list_requests(conn: Connection, status: RequestStatus | None = None) -> list[MoveRequest]:
    """List move requests, oldest first, of one `status` if given."""
    query = select(move_requests).order_by(move_requests.c.id)
    if status is not None:
        query = query.where(move_requests.c.status == status)
    return [MoveRequest(**row._asdict()) for row in conn.execute(query)]
