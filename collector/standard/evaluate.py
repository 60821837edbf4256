"""Judge one report against the standard: `evaluate(report, standard) -> findings`, pure.

The rules are an explicit list, run in order. Afterwards two passes keep the result honest:
identical `fact_missing` findings collapse into one, and when a machine must be replaced
the one replacement cost covers its memory, disk and NIC findings (their cost becomes 0)
so that a ward's budget never counts the same PC twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime

from collector.standard import hardware_rules, link_rules, operational_rules, os_rules
from collector.standard.finding import Finding
from collector.standard.model import Standard
from collector.standard.rule import Context, Report, Rule

RULES: tuple[Rule, ...] = (
    hardware_rules.cpu_cores,
    hardware_rules.memory,
    hardware_rules.system_disk_ssd,
    hardware_rules.nic_speed,
    hardware_rules.machine_age,
    hardware_rules.camera,
    hardware_rules.microphone,
    os_rules.os_unsupported,
    operational_rules.disk_free,
    operational_rules.tls_expiry,
    operational_rules.clock_drift,
    link_rules.links,
)

# Findings whose remedy is a new machine, and the parts such a machine replaces.
REPLACES_MACHINE = frozenset({"cpu_cores", "machine_age", "os_unsupported"})
PARTS_OF_MACHINE = frozenset({"memory", "system_disk_ssd", "nic_speed"})


def evaluate(
    report: Report, standard: Standard, *, today: date, received_at: datetime | None
) -> tuple[Finding, ...]:
    """Return every way `report` falls short of `standard` on `today`.

    `received_at` is when the collector received the report (timezone-aware); pass None for
    a report replayed from the agent's spool, whose age says nothing about its clock.
    """
    ctx = Context(standard, report["role"], today, received_at)
    found = [finding for rule in RULES for finding in rule(report, ctx)]
    return tuple(settle_costs(distinct(found)))


def distinct(findings: Iterable[Finding]) -> list[Finding]:
    """Drop repeated findings (same rule, target and required value), keeping the first."""
    seen: set[tuple[str, str | None, str]] = set()
    kept = []
    for f in findings:
        key = (f.rule, f.target, repr(f.required))
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def settle_costs(findings: list[Finding]) -> list[Finding]:
    """Charge one replacement per machine and nothing for the parts it replaces."""
    replacing = [
        f for f in findings if f.finding_class == "hardware" and f.rule in REPLACES_MACHINE
    ]
    if not replacing:
        return findings
    keep = replacing[0]
    return [
        f if f is keep or not _covered(f) else dataclasses.replace(f, cost_vnd=0) for f in findings
    ]


def _covered(finding: Finding) -> bool:
    """Tell whether a new machine makes `finding`'s own remedy unnecessary."""
    if finding.finding_class != "hardware":
        return False
    return finding.rule in REPLACES_MACHINE or finding.rule in PARTS_OF_MACHINE
