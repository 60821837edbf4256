"""Hand an agentless machine's report to ingest, as the agent the collector enrolled for it:
validated, judged, committed and put in the fleet exactly as an agent's report is."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from collector.agentless.hosts import Host
from collector.agentless.session import SshFailure
from collector.ingest.pipeline import Outcome
from collector.secrets import hash_token
from collector.store.agentless_hosts import record_agent
from collector.store.agents import enroll as store_enroll
from collector.store.agents import get_agent
from collector.tokens import TokenHolder
from contract.report import Identity, encode

IngestFn = Callable[[TokenHolder, bytes], Outcome]


class Submitter:
    """Enroll agentless machines on first sight and feed their reports to `ingest`."""

    def __init__(self, engine: Engine, ingest: IngestFn) -> None:
        self._engine = engine
        self._ingest = ingest
        self._recorded: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def holder(self, host: Host, identity: Identity, now: float) -> tuple[TokenHolder, int]:
        """Return the machine's agent as a token holder and its next seq, enrolling it (or
        moving it into the unit the inventory now names) as needed."""
        with self._engine.begin() as conn:
            agent = get_agent(conn, identity.agent_id)
            if agent is None or agent.ward != host.ward:
                _enroll(conn, host, identity, now)
                agent = get_agent(conn, identity.agent_id)
            assert agent is not None  # just enrolled
            self._remember(conn, host, agent.agent_id)
        if agent.revoked_at is not None:
            raise SshFailure("revoked", f"agent {agent.agent_id} was revoked by the DTC")
        holder = TokenHolder(
            agent.agent_id, agent.fingerprint, agent.ward, agent.previous_ward,
            agent.ward_from_seq, agentless=True,
        )  # fmt: skip
        return holder, (agent.last_seq or 0) + 1

    def submit(self, holder: TokenHolder, report: dict[str, Any]) -> int:
        """Ingest `report`; return its acknowledged seq or raise SshFailure("ingest_refused")."""
        outcome = self._ingest(holder, encode(report))
        if outcome.acknowledged:
            return outcome.acknowledged[0]
        refused = outcome.rejected[0]
        raise SshFailure("ingest_refused", f"{refused.cause}: {refused.reason}")

    def _remember(self, conn: Any, host: Host, agent_id: str) -> None:
        key = (host.ward, host.hostname)
        with self._lock:
            if self._recorded.get(key) == agent_id:
                return
            self._recorded[key] = agent_id
        record_agent(conn, host.ward, host.hostname, agent_id)


def _enroll(conn: Any, host: Host, identity: Identity, now: float) -> None:
    """Enroll the machine under a token nobody holds: its reports come from the sweep only."""
    outcome = store_enroll(
        conn, identity.agent_id, host.ward, host.hostname, host.role,
        hash_token(secrets.token_urlsafe(32)), identity.fingerprint, identity.install_id,
        now, proven=True,
    )  # fmt: skip
    if outcome.kind == "clone":
        raise SshFailure(
            "ingest_refused",
            f"clone: machine id {identity.agent_id} is enrolled with other hardware "
            f"(clone #{outcome.clone_id} for the DTC)",
        )
