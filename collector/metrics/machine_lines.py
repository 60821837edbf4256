"""Every machine's lines of one family, written straight into the text format.

A scrape escapes each agent_id once and each probe target once, then formats values.
Only the info lines (seven labels of free text, value always 1) are cached per machine,
and only until one of their label values changes: a city's fleet renders within the
scrape's goal with a small cache per machine (bench/exposition.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from collector.metrics.families import (
    AGENT,
    FINDING_CLASSES,
    INFO_GAUGES,
    MACHINE_FINDINGS,
    MACHINE_UP,
    PROBE,
    AgentGauge,
    Family,
    ProbeGauge,
)
from collector.metrics.textformat import escape_label_value, format_value
from collector.state import MachineState

# The line builders below spell these label sets out, for speed.
assert AGENT == ("agent_id",) and PROBE == ("agent_id", "target")
assert MACHINE_FINDINGS.labels == ("agent_id", "class")

Machines = Sequence[MachineState]
Ids = Sequence[str]  # each machine's agent_id, escaped, in the same order
InfoKey = tuple[tuple[str, ...], ...]  # each info gauge's label values


class ValueText(dict[float, str]):
    """Formatted sample values, each formatted on first use (repr of a float is costly)."""

    def __missing__(self, value: float) -> str:
        # -0.0 == 0.0 share one key: write both as 0.0 so the output never depends on order.
        text = self[value] = "0.0" if value == 0 else format_value(value)
        return text


class LabelText(dict[str, str]):
    """Escaped label values, each escaped on first use."""

    def __missing__(self, value: str) -> str:
        text = self[value] = escape_label_value(value)
        return text


@dataclass(frozen=True, slots=True)
class InfoLines:
    """One machine's complete info lines, valid while its label values equal `key`."""

    key: InfoKey
    lines: tuple[str, ...]  # one line per INFO_GAUGES family


def _template(family: Family) -> str:
    labels = ",".join(f'{name}="%s"' for name in family.labels)
    return f"{family.name}{{{labels}}} 1.0\n"


_INFO_TEMPLATES = tuple(_template(g.family) for g in INFO_GAUGES)


def _info_lines(key: InfoKey) -> InfoLines:
    pairs = zip(_INFO_TEMPLATES, key, strict=True)
    return InfoLines(key, tuple([t % tuple(map(escape_label_value, v)) for t, v in pairs]))


class InfoCache:
    """Each machine's InfoLines by agent_id; machines gone from the Fleet are dropped."""

    def __init__(self) -> None:
        self._lines: dict[str, InfoLines] = {}

    def lines(self, machines: Machines) -> list[tuple[str, ...]]:
        """Return each machine's info lines, rebuilding only those whose labels changed."""
        old, fresh = self._lines, {}
        for m in machines:
            key = tuple([g.values(m) for g in INFO_GAUGES])
            cached = old.get(m.agent_id)
            fresh[m.agent_id] = (
                cached if cached is not None and cached.key == key else _info_lines(key)
            )
        self._lines = fresh  # one assignment: a concurrent scrape sees the old or the new
        return [fresh[m.agent_id].lines for m in machines]

    def __len__(self) -> int:
        return len(self._lines)


def escaped_ids(machines: Machines) -> list[str]:
    """Return each machine's agent_id escaped (kept apart: no tuple per machine to collect)."""
    return [escape_label_value(m.agent_id) for m in machines]


def up_lines(cutoff_seconds: float, machines: Machines, ids: Ids) -> list[str]:
    """Return each machine's wardwatch_machine_up line."""
    name = MACHINE_UP.name
    return [
        f'{name}{{agent_id="{a}"}} {"1.0" if m.received_at_seconds >= cutoff_seconds else "0.0"}\n'
        for m, a in zip(machines, ids, strict=True)
    ]


def agent_lines(gauge: AgentGauge, machines: Machines, ids: Ids) -> list[str]:
    """Return each machine's line of `gauge`, skipping machines without a value."""
    name, get, text = gauge.family.name, gauge.value, ValueText()
    return [
        f'{name}{{agent_id="{a}"}} {text[v]}\n'
        for m, a in zip(machines, ids, strict=True)
        if (v := get(m)) is not None
    ]


def findings_lines(machines: Machines, ids: Ids) -> list[str]:
    """Return each machine's finding count per class."""
    name, text = MACHINE_FINDINGS.name, ValueText()
    return [  # most machines have no finding: skip counting them
        f'{name}{{agent_id="{a}",class="{c}"}} {text[m.findings_of(c)] if m.findings else "0.0"}\n'
        for m, a in zip(machines, ids, strict=True)
        for c in FINDING_CLASSES
    ]


def probe_lines(gauge: ProbeGauge, targets: LabelText, machines: Machines, ids: Ids) -> list[str]:
    """Return each probe's line of `gauge`, skipping probes without a value."""
    name, get, text = gauge.family.name, gauge.value, ValueText()
    return [
        f'{name}{{agent_id="{a}",target="{targets[p.name]}"}} {text[v]}\n'
        for m, a in zip(machines, ids, strict=True)
        for p in m.probes
        if (v := get(p)) is not None
    ]
