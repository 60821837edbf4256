"""Project decoded reports onto MachineState, reading each machine's facts once per inventory.

A machine's `hardware` and `os` are the same report after report (`Decoded.machine_key`
tells), and so are the facts the state takes from them (`state.machine_facts`: OS, CPU,
memory, system disk, fastest NIC, BIOS date). They are kept per agent, keyed like the
judge's machine findings, and read again only when the inventory changes.
"""

from __future__ import annotations

from collections.abc import Mapping

from collector.ingest.decode import Decoded
from collector.state import MachineFacts, MachineState, machine_facts, project
from standard.finding import Finding


class Projection:
    """Build machine states from decoded reports; used on the event loop's thread only."""

    def __init__(self) -> None:
        self._facts: dict[str, tuple[int, MachineFacts]] = {}

    def __call__(
        self,
        checked: Decoded,
        findings: tuple[Finding, ...],
        received_at_seconds: float,
        availability: Mapping[str, float] | None = None,
    ) -> MachineState:
        """Return `checked`'s state, received at `received_at_seconds` (unix seconds)."""
        report = checked.report
        kept = self._facts.get(report["agent_id"])
        if kept is not None and kept[0] == checked.machine_key:
            facts = kept[1]
        else:
            facts = machine_facts(report)
            self._facts[report["agent_id"]] = (checked.machine_key, facts)
        return project(
            report,
            findings,
            received_at_seconds,
            checked.collected_at,
            availability=availability,
            machine=facts,
        )

    def forget(self, agent_id: str) -> None:
        """Drop what is kept for a revoked agent (one dict removal: safe from any thread)."""
        self._facts.pop(agent_id, None)
