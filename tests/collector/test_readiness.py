"""Ward readiness on small fleets projected with collector.state.project()."""

from __future__ import annotations

from typing import Any

import pytest
from standard_reports import GIB, RECEIVED_AT, TODAY, probe, report, validate

from collector.readiness import ward_readiness
from collector.state import MachineState, project
from standard.evaluate import evaluate
from standard.model import Standard


def machine(standard: Standard, rep: dict[str, Any]) -> MachineState:
    """Evaluate `rep` and project it as the collector would."""
    findings = evaluate(validate(rep), standard, today=TODAY, received_at=RECEIVED_AT)
    seconds = RECEIVED_AT.timestamp()
    return project(rep, findings, received_at_seconds=seconds, collected_at_seconds=seconds)


def fleet(
    standard: Standard, count: int, ward: str = "phuong-ben-thanh", start: int = 1
) -> list[MachineState]:
    """Return `count` compliant machines of `ward`."""
    return [machine(standard, report(ward=ward, agent=start + i)) for i in range(count)]


def test_a_healthy_ward_is_ready(standard: Standard) -> None:
    machines = fleet(standard, 10) + fleet(standard, 3, ward="xa-can-gio", start=50)
    result = ward_readiness("phuong-ben-thanh", machines, 10, standard)
    assert (result.expected, result.reporting, result.compliant) == (10, 10, 10)
    assert result.compliant_ratio == 1.0 and result.reporting_ratio == 1.0
    assert result.link_share_ratio == dict.fromkeys(standard.links, 1.0)
    assert result.ready and result.reasons == ()


def test_too_few_agents_reporting(standard: Standard) -> None:
    result = ward_readiness("phuong-ben-thanh", fleet(standard, 8), 10, standard)
    assert result.reporting_ratio == 0.8 and not result.ready
    assert [r.vi for r in result.reasons] == ["Chỉ 8/10 máy gửi báo cáo (cần ≥ 90%)"]


def test_too_few_compliant_machines(standard: Standard) -> None:
    weak = report(ward="phuong-ben-thanh", agent=99)
    weak["hardware"]["memory"]["total_bytes"] = 4 * GIB
    machines = [*fleet(standard, 3), machine(standard, weak)]
    result = ward_readiness("phuong-ben-thanh", machines, 4, standard)
    assert (result.compliant, result.compliant_ratio) == (3, 0.75)
    assert [r.en for r in result.reasons] == ["Only 3 of 4 machines meet the standard (80% needed)"]


@pytest.mark.parametrize(
    "changes",
    [{"result": "timeout"}, {"loss_ratio": 0.5}, {"rtt_p95_seconds": 1.0}, {"jitter_seconds": 0.5}],
)
def test_share_of_machines_reaching_a_target(standard: Standard, changes: dict[str, Any]) -> None:
    bad = report(ward="phuong-ben-thanh", agent=99)
    bad["probes"][4] = probe("feedback_1022", **changes)
    machines = [*fleet(standard, 4), machine(standard, bad)]
    result = ward_readiness("phuong-ben-thanh", machines, 5, standard)
    assert result.link_share_ratio["feedback_1022"] == 0.8
    assert result.link_share_ratio["datacenter"] == 1.0
    assert "hệ thống tiếp nhận phản ánh 1022" in result.reasons[-1].vi and not result.ready


def test_a_ward_with_no_machine_reporting(standard: Standard) -> None:
    result = ward_readiness("xa-thanh-an", fleet(standard, 2), 6, standard)
    assert (result.reporting, result.compliant_ratio, result.ready) == (0, 0.0, False)
    assert [r.vi for r in result.reasons] == ["Không có máy nào gửi báo cáo"]


def test_more_reporting_than_expected_caps_the_ratio(standard: Standard) -> None:
    result = ward_readiness("phuong-ben-thanh", fleet(standard, 3), 2, standard)
    assert result.reporting_ratio == 1.0 and result.ready
