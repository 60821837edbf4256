"""Link rules per standard target, latest-probe readiness and availability over a window."""

from __future__ import annotations

from typing import Any

import pytest
from standard_reports import only, probe, report, rules

from standard.link_rules import link_readiness
from standard.model import Standard
from standard.probe_state import probe_state


def with_probe(name: str, **changes: Any) -> dict[str, Any]:
    """Return a compliant report whose probe `name` is replaced."""
    rep = report()
    rep["probes"] = [
        probe(p["name"]) if p["name"] != name else probe(name, **changes) for p in rep["probes"]
    ]
    return rep


def test_link_failing(judge: Any) -> None:
    finding = only(judge(with_probe("datacenter", result="timeout")), "link_failing")
    assert (finding.target, finding.severity, finding.measured) == (
        "datacenter",
        "critical",
        "timeout",
    )
    assert finding.message_vi == "Không kết nối được tới Trung tâm Dữ liệu chung (kết quả: timeout)"


@pytest.mark.parametrize(
    ("changes", "rule", "text"),
    [
        (
            {"loss_ratio": 0.2},
            "link_loss",
            "Mất gói 20% tới hệ thống quản lý văn bản, vượt mức tối đa 2%",
        ),
        (
            {"rtt_p95_seconds": 0.4},
            "link_rtt",
            "Độ trễ p95 400 ms tới hệ thống quản lý văn bản, vượt mức tối đa 300 ms",
        ),
        (
            {"jitter_seconds": 0.2},
            "link_jitter",
            "Jitter 200 ms tới hệ thống quản lý văn bản, vượt mức tối đa 100 ms",
        ),
    ],
)
def test_link_limits_fail(judge: Any, changes: dict[str, float], rule: str, text: str) -> None:
    finding = only(judge(with_probe("documents", **changes)), rule)
    assert (finding.target, finding.message_vi) == ("documents", text)


def test_link_limits_pass_at_the_limit(judge: Any) -> None:
    rep = with_probe("documents", loss_ratio=0.02, rtt_p95_seconds=0.3, jitter_seconds=0.1)
    assert judge(rep) == ()


def test_a_target_not_probed_is_a_missing_fact(judge: Any) -> None:
    rep = report()
    rep["probes"] = [p for p in rep["probes"] if p["name"] != "feedback_1022"]
    assert only(judge(rep), "fact_missing").required == "probes.feedback_1022"


def test_probes_beyond_the_standard_are_not_judged(judge: Any) -> None:
    rep = report()
    rep["probes"].append(probe("printer", result="timeout"))
    assert rules(judge(rep)) == []


def test_link_readiness_uses_the_latest_probe(standard: Standard) -> None:
    link = standard.links["datacenter"]
    assert link_readiness(probe_state(probe("datacenter")), link)
    assert not link_readiness(probe_state(probe("datacenter", result="timeout")), link)
    assert not link_readiness(probe_state(probe("datacenter", rtt_p95_seconds=0.2)), link)
    assert not link_readiness(None, link)


def test_availability_below_the_minimum_is_a_finding_per_target(judge: Any) -> None:
    found = judge(report(), availability={"datacenter": 0.97, "records": 0.999})
    finding = only(found, "link_availability")
    assert (finding.target, finding.severity, finding.finding_class) == (
        "datacenter",
        "warning",
        "operational",
    )
    assert (finding.measured, finding.required) == (0.97, 0.99)
    assert "97%" in finding.message_en and "24 h" in finding.message_en
    assert "97%" in finding.message_vi and "24 giờ" in finding.message_vi


def test_availability_at_the_minimum_or_unknown_is_no_finding(judge: Any) -> None:
    assert "link_availability" not in rules(judge(report(), availability={"datacenter": 0.99}))
    assert "link_availability" not in rules(judge(report()))
