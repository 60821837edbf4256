"""Recording a report whose hardware differs from its token's agent: a possible clone."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from collector.metrics.self_metrics import SelfMetrics
from collector.state import Fleet
from collector.store.clones import record_clone


@dataclass(frozen=True)
class CloneRecorder:
    """Queue possible clones for the DTC in the store and flag them in the fleet."""

    engine: Engine
    fleet: Fleet
    metrics: SelfMetrics

    def __call__(self, report: dict[str, Any], known_fingerprint: str) -> int:
        """Queue a report whose hardware differs from its token's agent; flag the machine."""
        identity = report["identity"]
        with self.engine.begin() as conn:
            clone_id = record_clone(
                conn,
                report["agent_id"],
                known_fingerprint,
                identity["fingerprint"],
                identity["install_id"],
                report["hostname"],
                report["ward"],
                time.time(),
            )
        self.fleet.flag_clone(report["agent_id"])
        self.metrics.clone_detected()
        return clone_id
