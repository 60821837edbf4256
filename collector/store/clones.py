"""The reconciliation queue of suspected clones: one agent_id seen on other hardware."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Row, exists, select, update

from collector.store.tables import agents, clones


@dataclass(frozen=True)
class Clone:
    """One suspected clone; times are unix seconds."""

    id: int
    agent_id: str
    known_fingerprint: str
    new_fingerprint: str
    new_install_id: str | None
    hostname: str
    ward: str
    at: float
    resolved_at: float | None
    accepted: bool | None


def record_clone(
    conn: Connection,
    agent_id: str,
    known_fingerprint: str,
    new_fingerprint: str,
    new_install_id: str | None,
    hostname: str,
    ward: str,
    now: float,
) -> int:
    """Queue a suspected clone (once per unresolved fingerprint) and flag the agent."""
    conn.execute(update(agents).where(agents.c.agent_id == agent_id).values(clone_suspected=True))
    open_row = conn.execute(
        select(clones.c.id).where(
            clones.c.agent_id == agent_id,
            clones.c.new_fingerprint == new_fingerprint,
            clones.c.resolved_at.is_(None),
        )
    ).scalar()
    if open_row is not None:
        return int(open_row)
    values = dict(
        agent_id=agent_id,
        known_fingerprint=known_fingerprint,
        new_fingerprint=new_fingerprint,
        new_install_id=new_install_id,
        hostname=hostname,
        ward=ward,
        at=now,
    )
    return int(conn.execute(clones.insert().returning(clones.c.id), values).scalar_one())


def list_clones(conn: Connection, include_resolved: bool = False) -> list[Clone]:
    """List suspected clones, oldest first."""
    query = select(clones).order_by(clones.c.id)
    if not include_resolved:
        query = query.where(clones.c.resolved_at.is_(None))
    return [_clone(row) for row in conn.execute(query)]


def resolve_clone(conn: Connection, clone_id: int, accepted: bool, now: float) -> bool:
    """Close a queue row; `accepted` adopts its fingerprint as the agent's known one."""
    row = conn.execute(
        update(clones)
        .where(clones.c.id == clone_id, clones.c.resolved_at.is_(None))
        .values(resolved_at=now, accepted=accepted)
        .returning(clones.c.agent_id, clones.c.new_fingerprint)
    ).first()
    if row is None:
        return False
    if accepted:
        conn.execute(
            update(agents)
            .where(agents.c.agent_id == row.agent_id)
            .values(fingerprint=row.new_fingerprint)
        )
    _clear_flag_when_settled(conn, row.agent_id)
    return True


def _clear_flag_when_settled(conn: Connection, agent_id: str) -> None:
    still_open = exists().where(clones.c.agent_id == agent_id, clones.c.resolved_at.is_(None))
    conn.execute(
        update(agents)
        .where(agents.c.agent_id == agent_id, ~still_open)
        .values(clone_suspected=False)
    )


def _clone(row: Row) -> Clone:
    return Clone(**row._asdict())
