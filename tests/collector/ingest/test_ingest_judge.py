"""The ingest judge keeps a machine's hardware findings, and drops them when they go stale."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

from battery_reports import GIB, build

from collector.ingest.decode import Decoded, decode
from collector.ingest.judge import Judge
from standard.evaluate import evaluate
from standard.model import Standard, load_standard

NOW = datetime(2025, 11, 1, 8, 0, 5, tzinfo=UTC).timestamp()
DAY = 86_400.0


def _decoded(report: dict[str, Any]) -> Decoded:
    checked = decode(json.dumps(report).encode())
    assert isinstance(checked, Decoded), checked
    return checked


def _rules(findings: tuple[Any, ...]) -> list[str]:
    return sorted(f.rule for f in findings)


def _small_pc() -> dict[str, Any]:
    report = build()
    report["hardware"]["memory"]["total_bytes"] = 4 * GIB  # below every role's minimum
    return report


def test_same_findings_as_evaluate_report_after_report() -> None:
    standard = load_standard()
    judge = Judge(lambda: standard)
    report = _small_pc()
    first = judge(_decoded(report), now=NOW, live=True)
    report["health"]["cpu_used_ratio"] = 0.99
    report["seq"] += 1
    second = judge(_decoded(report), now=NOW, live=True)
    moment = datetime.fromtimestamp(NOW, UTC)
    assert first == evaluate(report, standard, today=moment.date(), received_at=moment)
    assert second == first
    assert "memory" in _rules(second)


def test_a_memory_upgrade_clears_the_finding_at_the_next_report() -> None:
    standard = load_standard()
    judge = Judge(lambda: standard)
    report = _small_pc()
    assert "memory" in _rules(judge(_decoded(report), now=NOW, live=True))
    upgraded = copy.deepcopy(report)
    upgraded["hardware"]["memory"]["total_bytes"] = 32 * GIB
    upgraded["seq"] += 1
    assert "memory" not in _rules(judge(_decoded(upgraded), now=NOW, live=True))


def test_a_new_day_or_a_new_standard_judges_the_machine_again() -> None:
    standard = load_standard()
    now = [NOW]
    current = [standard]
    judge = Judge(lambda: current[0])
    report = build()
    bios = datetime.fromtimestamp(NOW, UTC).date().replace(year=2020).isoformat()
    report["hardware"]["system"]["bios_date"] = bios
    max_age = standard.roles["workstation"].max_age_years
    assert "machine_age" not in _rules(judge(_decoded(report), now=now[0], live=True))
    now[0] = NOW + (max_age - 5 + 1) * 365.25 * DAY  # the same bytes, a year past the limit
    assert "machine_age" in _rules(judge(_decoded(report), now=now[0], live=True))
    stricter = dataclasses.replace(standard.roles["workstation"], max_age_years=max_age + 10)
    current[0] = dataclasses.replace(standard, roles={**standard.roles, "workstation": stricter})
    assert "machine_age" not in _rules(judge(_decoded(report), now=now[0], live=True))


def test_each_agent_is_judged_on_its_own_hardware() -> None:
    standard: Standard = load_standard()
    judge = Judge(lambda: standard)
    small, big = _small_pc(), build()
    big["agent_id"] = "f" * 32
    assert "memory" in _rules(judge(_decoded(small), now=NOW, live=True))
    assert "memory" not in _rules(judge(_decoded(big), now=NOW, live=True))
    assert "memory" in _rules(judge(_decoded(small), now=NOW, live=True))
