"""Enrolled agents: enrolment, token lookup, revocation.

Clone policy: the same agent_id enrolling with a different hardware fingerprint is a
suspected clone (PCs from one disk image share machine ids). The store records a row in
the reconciliation queue (`clones`), flags the agent `clone_suspected`, and keeps the
known fingerprint and token: it issues nothing. The API should refuse such an enrolment
(409, "identity already enrolled on other hardware: regenerate the agent id"), because
two machines sharing an agent_id would share one seq space (dedup would drop one
machine's reports) and overwrite each other's latest state. An operator resolves the
queue row: accepted (same machine, new hardware) makes the new fingerprint the known one
and the next enrolment rotates; rejected keeps the known one.

A re-enrolment from the known fingerprint into the same ward rotates the token. Into
another ward it is a move (`collector.store.moves`): made at once when the agent proves
itself with its current token, else filed as a request for the DTC, the old token working
on meanwhile. A revoked agent stays revoked: its enrolment is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, Row, select, union, update

from collector.store import moves
from collector.store.clones import record_clone
from collector.store.tables import agents, handovers

EnrollKind = Literal["new", "rotated", "moved", "pending", "move_refused", "clone", "revoked"]


@dataclass(frozen=True)
class Agent:
    """One enrolled agent; times are unix seconds."""

    agent_id: str
    ward: str
    hostname: str
    role: str
    token_hash: str
    fingerprint: str
    install_id: str
    enrolled_at: float
    revoked_at: float | None
    last_seq: int | None
    last_report_at: float | None
    clone_suspected: bool
    previous_ward: str | None = None  # the unit before the last move
    ward_from_seq: int | None = None  # the first seq reported under `ward` after it


@dataclass(frozen=True)
class EnrollOutcome:
    """What enrolment did: a token is valid only for kinds "new" and "rotated"."""

    kind: EnrollKind
    clone_id: int | None = None  # the reconciliation row, for kind "clone"
    request: moves.MoveRequest | None = None  # for kinds "pending" and "move_refused"


def enroll(
    conn: Connection,
    agent_id: str,
    ward: str,
    hostname: str,
    role: str,
    token_hash: str,
    fingerprint: str,
    install_id: str,
    now: float,
    *,
    proven: bool = False,
    from_seq: int | None = None,
) -> EnrollOutcome:
    """Enrol, re-enrol or move an agent under `token_hash`, or flag a clone.

    `proven`: the request carried the agent's current token; `from_seq`: the agent's next
    seq, from which its reports name the new ward after a move.
    """
    known = get_agent(conn, agent_id, for_update=True)
    if known is None:
        conn.execute(
            agents.insert(),
            dict(
                agent_id=agent_id,
                ward=ward,
                hostname=hostname,
                role=role,
                token_hash=token_hash,
                fingerprint=fingerprint,
                install_id=install_id,
                enrolled_at=now,
            ),
        )
        return EnrollOutcome("new")
    if known.revoked_at is not None:
        return EnrollOutcome("revoked")
    if known.fingerprint != fingerprint:
        clone_id = record_clone(
            conn, agent_id, known.fingerprint, fingerprint, install_id, hostname, ward, now
        )
        return EnrollOutcome("clone", clone_id)
    if known.ward != ward:
        refused = _move(conn, known, ward, hostname, now, proven, from_seq)
        if refused is not None:
            return refused
    _rotate(conn, agent_id, hostname, role, token_hash, install_id)
    return EnrollOutcome("rotated" if known.ward == ward else "moved")


def _move(
    conn: Connection, known: Agent, ward: str, hostname: str, now: float, proven: bool,
    from_seq: int | None,
) -> EnrollOutcome | None:  # fmt: skip
    """Move `known` into `ward` when proven or approved (None); else the pending outcome."""
    evidence: moves.Evidence = "proven"
    if not proven:
        request = moves.request_move(conn, known.agent_id, known.ward, ward, hostname, now)
        if request.status != "approved":
            kind: EnrollKind = "move_refused" if request.status == "refused" else "pending"
            return EnrollOutcome(kind, request=request)
        moves.close_request(conn, request.id)
        evidence = "approved"
    first = max(from_seq or 0, (known.last_seq or 0) + 1)
    moves.move(conn, known.agent_id, known.ward, ward, first, evidence, now, hostname)
    return None


def _rotate(
    conn: Connection, agent_id: str, hostname: str, role: str, token_hash: str, install_id: str
) -> None:
    conn.execute(
        update(agents)
        .where(agents.c.agent_id == agent_id)
        .values(token_hash=token_hash, hostname=hostname, role=role, install_id=install_id)
    )


def get_agent(conn: Connection, agent_id: str, for_update: bool = False) -> Agent | None:
    """Return the agent `agent_id`, revoked or not."""
    query = select(agents).where(agents.c.agent_id == agent_id)
    row = conn.execute(query.with_for_update() if for_update else query).first()
    return _agent(row) if row else None


def agent_by_token_hash(conn: Connection, token_hash: str) -> Agent | None:
    """Return the active (not revoked) agent whose token hashes to `token_hash`."""
    row = conn.execute(
        select(agents).where(agents.c.token_hash == token_hash, agents.c.revoked_at.is_(None))
    ).first()
    return _agent(row) if row else None


def revoke(conn: Connection, agent_id: str, now: float) -> bool:
    """Revoke an agent's token; return False if it was unknown or already revoked."""
    result = conn.execute(
        update(agents)
        .where(agents.c.agent_id == agent_id, agents.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount == 1


def list_agents(conn: Connection, include_revoked: bool = False) -> list[Agent]:
    """List agents by agent_id."""
    query = select(agents).order_by(agents.c.agent_id)
    if not include_revoked:
        query = query.where(agents.c.revoked_at.is_(None))
    return [_agent(row) for row in conn.execute(query)]


def last_seq(conn: Connection, agent_id: str) -> int | None:
    """Return the highest seq stored for `agent_id`, None before its first report."""
    return conn.execute(
        select(agents.c.last_seq).where(agents.c.agent_id == agent_id)
    ).scalar_one_or_none()


def wards_enrolled(conn: Connection) -> set[str]:
    """Return every unit an agent has enrolled in: each agent's, revoked ones too, and the
    units machines moved out of."""
    query = union(
        select(agents.c.ward),
        select(agents.c.previous_ward).where(agents.c.previous_ward.is_not(None)),
        select(handovers.c.from_ward),
    )
    return {ward for (ward,) in conn.execute(query)}


def _agent(row: Row) -> Agent:
    return Agent(**row._asdict())
