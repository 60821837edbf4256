"""Machines read over SSH: the agent id each one's reports carry, the host key trusted once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from collector.store.tables import agentless_hosts


@dataclass(frozen=True)
class AgentlessRecord:
    """What the store keeps about one agentless machine; `trusted_at` in unix seconds."""

    ward: str
    hostname: str
    agent_id: str | None
    host_key_type: str | None
    host_key_sha256: str | None
    trusted_at: float | None


def list_records(conn: Connection) -> list[AgentlessRecord]:
    """List every agentless machine the store knows, by ward and hostname."""
    query = select(agentless_hosts).order_by(agentless_hosts.c.ward, agentless_hosts.c.hostname)
    return [AgentlessRecord(**row._asdict()) for row in conn.execute(query)]


def record_agent(conn: Connection, ward: str, hostname: str, agent_id: str) -> None:
    """Remember the agent id of the machine at (ward, hostname)."""
    if not _update(conn, ward, hostname, agent_id=agent_id):
        conn.execute(
            agentless_hosts.insert(), dict(ward=ward, hostname=hostname, agent_id=agent_id)
        )


def record_trust(
    conn: Connection, ward: str, hostname: str, key_type: str, key_sha256: str, at: float
) -> None:
    """Record that the host key `key_sha256` of (ward, hostname) was trusted on first use."""
    values = dict(host_key_type=key_type, host_key_sha256=key_sha256, trusted_at=at)
    if not _update(conn, ward, hostname, **values):
        conn.execute(agentless_hosts.insert(), dict(ward=ward, hostname=hostname, **values))


def _update(conn: Connection, ward: str, hostname: str, **values: object) -> bool:
    result = conn.execute(
        update(agentless_hosts)
        .where(agentless_hosts.c.ward == ward, agentless_hosts.c.hostname == hostname)
        .values(**values)
    )
    return result.rowcount == 1
