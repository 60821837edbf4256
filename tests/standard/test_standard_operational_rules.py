"""Operational rules (disk space, TLS expiry, clock drift), one pass and one fail each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from standard_reports import RECEIVED_AT, only, probe, report, rules, tls


def test_disk_free_pass_and_fail_per_filesystem(judge: Any) -> None:
    rep = report()
    filesystems = rep["health"]["filesystems"]
    filesystems[0]["used_ratio"] = 0.9
    assert judge(rep) == ()
    filesystems.append({"mount": "D:\\", "used_ratio": 0.95, "free_bytes": 5 * 1024**3})
    finding = only(judge(rep), "disk_free")
    assert (finding.target, finding.measured, finding.required) == ("D:\\", 0.05, 0.1)
    assert finding.finding_class == "operational" and finding.cost_vnd == 0
    assert finding.message_vi == (
        "Phân vùng D:\\ chỉ còn 5% dung lượng trống (5 GiB), dưới mức tối thiểu 10%"
    )


def test_disk_free_uses_the_role_minimum(judge: Any) -> None:
    rep = report(role="server")
    rep["hardware"]["cpu"]["physical_cores"] = 8
    rep["health"]["filesystems"][0]["used_ratio"] = 0.88
    assert rules(judge(rep)) == ["disk_free"]  # 12% free passes a workstation


def test_disk_free_without_health_is_a_missing_fact(judge: Any) -> None:
    rep = report()
    rep["health"] = None
    assert only(judge(rep), "fact_missing").required == "health.filesystems"


def test_tls_expiry_pass_warn_and_expired(judge: Any) -> None:
    rep = report()
    rep["probes"][2] = probe("records", tls=tls(30))
    assert judge(rep) == ()
    rep["probes"][2] = probe("records", tls=tls(5.5))
    finding = only(judge(rep), "tls_expiry")
    assert (finding.severity, finding.target) == ("warning", "records")
    assert "hệ thống quản lý hồ sơ còn 5,5 ngày" in finding.message_vi
    rep["probes"][2] = probe("records", tls=tls(-1))
    assert only(judge(rep), "tls_expiry").severity == "critical"


def test_clock_drift_pass_and_fail_both_ways(judge: Any) -> None:
    rep = report()
    assert judge(rep, received_at=RECEIVED_AT + timedelta(seconds=100)) == ()
    behind = only(judge(rep, received_at=RECEIVED_AT + timedelta(seconds=300)), "clock_drift")
    assert (behind.measured, behind.required) == (-300.0, 120.0)
    assert behind.message_vi.startswith("Đồng hồ máy chậm 300 giây")
    ahead = only(judge(rep, received_at=RECEIVED_AT - timedelta(seconds=300)), "clock_drift")
    assert ahead.message_en.startswith("Machine clock is 300 s ahead")


def test_clock_drift_is_not_judged_on_a_replayed_report(judge: Any) -> None:
    rep = report()
    assert judge(rep, received_at=None) == ()
