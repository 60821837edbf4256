"""Judge one report against the standard: `evaluate(report, standard) -> findings`, pure.

The rules are an explicit list, run in order: first the machine rules, which read only the
report's `hardware` and `os` (a machine's inventory, the same in report after report until
it changes; the ingest pipeline keeps their findings per agent, see `machine_findings`),
then the rules on the report's health and probes. Afterwards two passes keep the result honest:
identical `fact_missing` findings collapse into one, and when a machine must be replaced
the one replacement cost covers its memory, disk and NIC findings (their cost becomes 0)
so that a ward's budget never counts the same PC twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from standard import hardware_rules, link_rules, operational_rules, os_rules
from standard.finding import Finding
from standard.model import Standard
from standard.rule import Context, Report, Rule

# Rules that read only `hardware` and `os` (and the role, the standard and the date).
MACHINE_RULES: tuple[Rule, ...] = (
    hardware_rules.cpu_cores,
    hardware_rules.memory,
    hardware_rules.system_disk_ssd,
    hardware_rules.nic_speed,
    hardware_rules.machine_age,
    hardware_rules.camera,
    hardware_rules.microphone,
    os_rules.os_unsupported,
)
REPORT_RULES: tuple[Rule, ...] = (
    operational_rules.disk_free,
    operational_rules.tls_expiry,
    operational_rules.clock_drift,
    link_rules.links,
)

# Findings whose remedy is a new machine, and the parts such a machine replaces.
REPLACES_MACHINE = frozenset({"cpu_cores", "machine_age", "os_unsupported"})
PARTS_OF_MACHINE = frozenset({"memory", "system_disk_ssd", "nic_speed"})


def evaluate(
    report: Report,
    standard: Standard,
    *,
    today: date,
    received_at: datetime | None,
    machine: tuple[Finding, ...] | None = None,
    availability: Mapping[str, float] | None = None,
) -> tuple[Finding, ...]:
    """Return every way `report` falls short of `standard` on `today`.

    `received_at` is when the collector received the report (timezone-aware); pass None for
    a report replayed from the agent's spool, whose age says nothing about its clock.
    `machine`, when given, is what `machine_findings` returned for the same `hardware`,
    `os`, role, standard and day: the machine rules are not run again. `availability` maps
    standard targets to the machine's share of successful probe cycles over their window
    (the collector's history; `collector.availability`), judged against the minimum.
    """
    ctx = Context(standard, report["role"], today, received_at, availability or {})
    if machine is None:
        machine = machine_findings(report, standard, today=today)
    found = [*machine, *(finding for rule in REPORT_RULES for finding in rule(report, ctx))]
    return tuple(settle_costs(distinct(found)))


def machine_findings(report: Report, standard: Standard, *, today: date) -> tuple[Finding, ...]:
    """Return the findings of the machine rules alone: the same for the same `hardware`,
    `os`, role, standard and day, whatever else the report holds."""
    ctx = Context(standard, report["role"], today, None)
    return tuple(finding for rule in MACHINE_RULES for finding in rule(report, ctx))


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
