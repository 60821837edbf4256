"""Every machine's lines of one family, written directly with each machine's label sets cached.

A machine's escaped label sets (and its whole info lines, whose value is always 1) are
built once and reused until a label-bearing field changes, so a scrape formats only the
values. This is what makes 20,000 machines render in well under a second.
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
    ProbeGauge,
)
from collector.metrics.textformat import format_value, label_set
from collector.state import MachineState

LabelKey = tuple[tuple[str, ...], ...]  # each info gauge's label values, then the probe names


@dataclass(frozen=True, slots=True)
class MachineLabels:
    """One machine's label sets, escaped and ready to precede a value; valid while `key` is."""

    key: LabelKey
    agent: str  # '{agent_id="…"} '
    info_lines: tuple[str, ...]  # the complete line of each INFO_GAUGES family
    findings: tuple[str, ...]  # '{agent_id="…",class="…"} ' per FINDING_CLASSES
    probes: tuple[str, ...]  # '{agent_id="…",target="…"} ' per probe, in probe order


Pairs = Sequence[tuple[MachineState, MachineLabels]]


class ValueText(dict[float, str]):
    """Formatted sample values, each formatted on first use (repr of a float is costly)."""

    def __missing__(self, value: float) -> str:
        text = self[value] = format_value(value)
        return text


def label_key(m: MachineState) -> LabelKey:
    """Return every label value the machine's lines carry besides finding classes."""
    return (*[g.values(m) for g in INFO_GAUGES], tuple([p.name for p in m.probes]))


def machine_labels(m: MachineState, key: LabelKey) -> MachineLabels:
    """Escape and assemble the machine's label sets."""
    pairs = zip(INFO_GAUGES, key[: len(INFO_GAUGES)], strict=True)
    info = [f"{g.family.name}{label_set(g.family.labels, v)} 1.0\n" for g, v in pairs]
    classes = MACHINE_FINDINGS.labels
    return MachineLabels(
        key=key,
        agent=label_set(AGENT, (m.agent_id,)) + " ",
        info_lines=tuple(info),
        findings=tuple(label_set(classes, (m.agent_id, c)) + " " for c in FINDING_CLASSES),
        probes=tuple(label_set(PROBE, (m.agent_id, p.name)) + " " for p in m.probes),
    )


class LabelCache:
    """Each machine's MachineLabels by agent_id; machines gone from the Fleet are dropped."""

    def __init__(self) -> None:
        self._labels: dict[str, MachineLabels] = {}

    def pair(self, machines: Sequence[MachineState]) -> list[tuple[MachineState, MachineLabels]]:
        """Return each machine with its label sets, building only those that changed."""
        old = self._labels
        fresh: dict[str, MachineLabels] = {}
        for m in machines:
            key = label_key(m)
            labels = old.get(m.agent_id)
            if labels is None or labels.key != key:
                labels = machine_labels(m, key)
            fresh[m.agent_id] = labels
        self._labels = fresh  # one assignment: a concurrent scrape sees the old or the new
        return [(m, fresh[m.agent_id]) for m in machines]

    def __len__(self) -> int:
        return len(self._labels)


def up_lines(pairs: Pairs, cutoff_seconds: float) -> list[str]:
    """Return each machine's wardwatch_machine_up line."""
    name = MACHINE_UP.name
    return [
        f"{name}{lab.agent}{'1.0' if m.received_at_seconds >= cutoff_seconds else '0.0'}\n"
        for m, lab in pairs
    ]


def info_lines(index: int, pairs: Pairs) -> list[str]:
    """Return each machine's line of INFO_GAUGES[index]."""
    return [lab.info_lines[index] for _, lab in pairs]


def agent_lines(gauge: AgentGauge, pairs: Pairs) -> list[str]:
    """Return each machine's line of `gauge`, skipping machines without a value."""
    name, get, text = gauge.family.name, gauge.value, ValueText()
    return [f"{name}{lab.agent}{text[v]}\n" for m, lab in pairs if (v := get(m)) is not None]


def findings_lines(pairs: Pairs) -> list[str]:
    """Return each machine's finding count per class."""
    name, text = MACHINE_FINDINGS.name, ValueText()
    return [  # most machines have no finding: skip counting them
        f"{name}{prefix}{text[m.findings_of(c)] if m.findings else '0.0'}\n"
        for m, lab in pairs
        for c, prefix in zip(FINDING_CLASSES, lab.findings, strict=True)
    ]


def probe_lines(gauge: ProbeGauge, pairs: Pairs) -> list[str]:
    """Return each probe's line of `gauge`, skipping probes without a value."""
    name, get, text = gauge.family.name, gauge.value, ValueText()
    return [
        f"{name}{prefix}{text[v]}\n"
        for m, lab in pairs
        for p, prefix in zip(m.probes, lab.probes, strict=True)
        if (v := get(p)) is not None
    ]
