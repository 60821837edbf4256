"""Who an agentless machine is: an agent id from its machine id (salted apart from an
agent's), an install id from its place in the inventory, its hardware fingerprint."""

from __future__ import annotations

import hashlib

from agent.collectors.source_linux import Source
from agent.identity import fingerprint_of, hardware_facts, parse_machine_id
from agent.paths import PathsConfig
from collector.agentless.hosts import Host
from contract.report import Identity

# Not the agent's salt: installing the agent later on the machine makes a machine of its
# own (the reconciliation matches both to the inventory's entry), never a suspected clone.
AGENT_ID_SALT = "wardwatch-agentless:"


def remote_identity(host: Host, source: Source, paths: PathsConfig) -> Identity:
    """Return the identity of the machine `source` reads, listed in the inventory as `host`."""
    machine_id = parse_machine_id(source.read_value(f"{paths.etc}/machine-id"))
    fingerprint, sources = fingerprint_of(hardware_facts(source, paths))
    return Identity(
        agent_id=_hex(AGENT_ID_SALT + (machine_id or f"inventory:{host.label}"))[:32],
        install_id=_hex(f"wardwatch-agentless-install:{host.label}")[:32],
        machine_id_source="machine-id" if machine_id else "generated",
        fingerprint=fingerprint,
        fingerprint_sources=sources,
    )


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
