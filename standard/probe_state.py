"""One link target's latest probe cycle as seen from one machine: what the link rules judge."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, NamedTuple


class ProbeState(NamedTuple):
    """The latest cycle of one link target as seen from one machine."""

    name: str
    success: bool
    loss_ratio: float
    rtt_p95_seconds: float | None
    jitter_seconds: float | None
    tls_days_to_expiry: float | None
    availability_ratio: float | None = None  # over the link's window; None until known


def probe_state(probe: Mapping[str, Any], availability: float | None = None) -> ProbeState:
    """Project one report probe (and the machine's availability to it) onto a ProbeState."""
    tls = probe.get("tls") or {}
    # Positional, in field order: keywords double the cost of a NamedTuple (10 per report).
    return ProbeState(
        sys.intern(probe["name"]),
        probe["result"] == "success",
        float(probe["loss_ratio"]),
        probe.get("rtt_p95_seconds"),
        probe.get("jitter_seconds"),
        tls.get("days_to_expiry"),
        availability,
    )
