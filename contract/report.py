"""Build the versioned JSON report: the only thing that crosses from agent to collector.

`build()` is pure: the agent feeds it what its collectors and probes measured, and the
simulated city feeds it generated machines, so both speak the same contract.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from contract import __version__

SCHEMA_VERSION = 1
HARDWARE_KEYS = ("cpu", "memory", "disks", "network", "system", "security", "media")
# The kinds whose hardware and os were collected for that very report.
INVENTORY_KINDS = frozenset({"inventory", "agentless"})


@dataclass(frozen=True)
class Identity:
    """Who sent a report: the stable agent id and what proves which hardware it is."""

    agent_id: str
    install_id: str
    machine_id_source: str
    fingerprint: str
    fingerprint_sources: tuple[str, ...]

    def as_report(self) -> dict[str, Any]:
        """Return the report's `identity` object."""
        return {
            "install_id": self.install_id,
            "machine_id_source": self.machine_id_source,
            "fingerprint": self.fingerprint,
            "fingerprint_sources": list(self.fingerprint_sources),
        }


@dataclass(frozen=True)
class Placement:
    """Where the report says the machine is: ward code, role, asset tag, hostname."""

    hostname: str
    ward: str
    role: str
    asset_tag: str | None = None


def timestamp(moment: datetime) -> str:
    """Format `moment` as the report's RFC 3339 UTC timestamp (milliseconds)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def build(
    *,
    identity: Identity,
    placement: Placement,
    seq: int,
    collected_at: datetime,
    kind: str,
    values: Mapping[str, Any],
    probes: Sequence[Mapping[str, Any]],
    collectors: Mapping[str, Mapping[str, Any]],
    dropped_reports: int = 0,
) -> dict[str, Any]:
    """Assemble one report from collector `values` (by collector name) and probe results."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "agent_id": identity.agent_id,
        "seq": seq,
        "collected_at": timestamp(collected_at),
        "hostname": placement.hostname,
        "ward": placement.ward,
        "role": placement.role,
        "asset_tag": placement.asset_tag,
        "agent_version": __version__,
        "identity": identity.as_report(),
        "hardware": {key: values.get(key) for key in HARDWARE_KEYS},
        "os": values.get("os"),
        "health": values.get("health"),
        "probes": list(probes),
        "collectors": {name: dict(outcome) for name, outcome in collectors.items()},
        "delivery": {"dropped_reports": dropped_reports},
    }


def encode(report: Mapping[str, Any]) -> bytes:
    """Serialise a report as compact UTF-8 JSON; NaN and infinities are refused."""
    return json.dumps(report, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def schema() -> dict[str, Any]:
    """Load the report's JSON Schema shipped as `contract/report.schema.json`."""
    from importlib import resources  # late: it pulls tempfile; the agent never calls this

    text = resources.files("contract").joinpath("report.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))
