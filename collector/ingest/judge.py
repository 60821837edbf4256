"""Judge reports as they arrive, running the machine rules only when a machine changes.

A machine's `hardware` and `os` come from its last inventory: the same in report after
report, every minute, until something changes. Their findings (the machine rules of
`standard.evaluate`) are kept per agent, keyed by those values (`Decoded.machine_key`),
the role, the standard in force and the day (age and end of support move with the date);
the rest of the rules run on every report. This keeps the machine rules off almost every
report (bench/ingest/ablate.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime

from collector.ingest.decode import Decoded
from standard.evaluate import evaluate, machine_findings
from standard.finding import Finding
from standard.model import Standard

_Key = tuple[int, str, date]


class Judge:
    """Evaluate decoded reports against the standard of the moment."""

    def __init__(self, standard: Callable[[], Standard]) -> None:
        self._standard = standard
        self._machines: dict[str, tuple[_Key, Standard, tuple[Finding, ...]]] = {}

    def __call__(
        self,
        checked: Decoded,
        *,
        now: float,
        live: bool,
        availability: Mapping[str, float] | None = None,
    ) -> tuple[Finding, ...]:
        """Return `checked`'s findings when received at `now` (unix seconds); `live` turns on
        the rules about the agent's clock; `availability` is the machine's per-target
        availability over the links' windows."""
        moment = datetime.fromtimestamp(now, UTC)
        standard, report = self._standard(), checked.report
        key = (checked.machine_key, report["role"], moment.date())
        kept = self._machines.get(report["agent_id"])
        if kept is not None and kept[0] == key and kept[1] is standard:
            machine = kept[2]
        else:
            machine = machine_findings(report, standard, today=key[2])
            self._machines[report["agent_id"]] = (key, standard, machine)
        return evaluate(
            report,
            standard,
            today=key[2],
            received_at=moment if live else None,
            machine=machine,
            availability=availability,
        )

    def forget(self, agent_id: str) -> None:
        """Drop what is kept for a revoked agent (one dict removal: safe from any thread)."""
        self._machines.pop(agent_id, None)
