"""One collection cycle: fresh health and probes, hardware and os from the last inventory."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from agent.collectors import registry
from agent.config import AgentConfig
from contract.report import Identity, Placement, build


class Cycle:
    """Collect and build reports for one machine, caching the slow-changing inventory."""

    def __init__(
        self,
        config: AgentConfig,
        identity: Identity,
        placement: Placement,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.identity = identity
        self.placement = placement
        self._now = now
        self._ctx = registry.Context(paths=config.paths)
        self._inventory: dict[str, Any] = {}
        self._outcomes: dict[str, dict[str, Any]] = {}
        self.inventory_at = 0.0  # time.monotonic() of the last inventory, 0 = never

    def reconfigure(self, config: AgentConfig) -> None:
        """Use `config` (e.g. probes pushed by the collector) from the next cycle on."""
        self.config = config

    def collect(self, seq: int, *, inventory: bool, dropped_reports: int = 0) -> dict[str, Any]:
        """Collect now and return report number `seq`; `inventory` re-reads the hardware."""
        chosen = registry.enabled(self.config.collectors)
        inventory = inventory or not self.inventory_at
        if inventory:
            self._run([c for c in chosen if c.section != "health"], replace=True)
            self.inventory_at = time.monotonic()
        health = self._run([c for c in chosen if c.section == "health"], replace=False)
        from agent.probes.runner import run_probes  # late: only a cycle needs the probers

        probes = run_probes(self.config.probes)
        return build(
            identity=self.identity,
            placement=self.placement,
            seq=seq,
            collected_at=self._now(),
            kind="inventory" if inventory else "health",
            values={**self._inventory, **health},
            probes=probes,
            collectors=self._outcomes,
            dropped_reports=dropped_reports,
        )

    def _run(self, chosen: list[registry.Registered], *, replace: bool) -> dict[str, Any]:
        values, outcomes = registry.run(chosen, self._ctx)
        if replace:
            self._inventory = values
            self._outcomes = {
                n: o for n, o in self._outcomes.items() if registry.get(n).section == "health"
            }
        self._outcomes.update({name: o.as_report() for name, o in outcomes.items()})
        return values
