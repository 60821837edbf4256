"""Read one agentless machine into a report of the agents' contract, kind "agentless"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from agent.collectors import registry
from agent.paths import PathsConfig
from collector.agentless.hosts import Host
from collector.agentless.identity import remote_identity
from collector.agentless.remote_source import RemoteSource
from collector.agentless.session import SshFailure
from contract.report import Identity, Placement, build

KIND = "agentless"
PATHS = PathsConfig()  # the machine's own /proc, /sys, /etc and /dev


def read_identity(host: Host, source: RemoteSource) -> Identity:
    """Read who the machine is; raise the connection's failure if reading it failed."""
    identity = remote_identity(host, source, PATHS)
    _raise_failure(source)
    return identity


def build_report(
    host: Host,
    source: RemoteSource,
    identity: Identity,
    seq: int,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> dict[str, Any]:
    """Run every collector through the agent's Linux readers on `source`; return report
    number `seq`. A failed connection (a command that hung) fails the whole report: a
    partial one would replace the machine's last good facts with holes."""
    ctx = registry.Context(paths=PATHS, platform="linux", source=source)
    chosen = [registry.get(name) for name in registry.names()]
    values, outcomes = registry.run(chosen, ctx)
    _raise_failure(source)
    return build(
        identity=identity,
        placement=Placement(host.hostname, host.ward, host.role, host.asset_tag),
        seq=seq,
        collected_at=now(),
        kind=KIND,
        values=values,
        probes=[],
        collectors={name: outcome.as_report() for name, outcome in outcomes.items()},
    )


def _raise_failure(source: RemoteSource) -> None:
    if source.failure is not None:
        raise SshFailure(source.failure.result, source.failure.detail)
