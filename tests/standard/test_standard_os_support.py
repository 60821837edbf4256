"""End-of-support lookups: which release a report's `os` is, and whether it is in support."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from standard_reports import linux, only, report, rules, windows_10

from standard.model import Standard
from standard.os_support import build_number, find_release


def os_of(rep: dict[str, Any]) -> dict[str, Any]:
    """Return the report's `os` object."""
    return dict(rep["os"])


def windows(version: str, build: str, edition: str | None) -> dict[str, Any]:
    """Return a Windows `os` object."""
    rep = report()
    rep["os"].update(version=version, build=build, edition=edition)
    return os_of(rep)


@pytest.mark.parametrize(
    ("version", "build", "edition", "name", "end"),
    [
        ("10", "19045.6456", "Professional", "Windows 10 22H2 Home/Pro", date(2025, 10, 14)),
        ("10", "19044.1288", "Professional", "Windows 10", date(2025, 10, 14)),
        ("10", "17763.100", "EnterpriseS", "Windows 10 Enterprise LTSC 2019", date(2029, 1, 9)),
        (
            "10",
            "19044.5000",
            "IoTEnterpriseS",
            "Windows 10 IoT Enterprise LTSC 2021",
            date(2032, 1, 13),
        ),
        ("11", "22631.4460", "Professional", "Windows 11 23H2 Home/Pro", date(2025, 11, 11)),
        (
            "11",
            "22631.4460",
            "Enterprise",
            "Windows 11 23H2 Enterprise/Education",
            date(2026, 11, 10),
        ),
        (
            "11",
            "26100.2314",
            "Enterprise",
            "Windows 11 24H2 Enterprise/Education",
            date(2027, 10, 12),
        ),
        ("11", "26100.2314", "Core", "Windows 11 24H2 Home/Pro", date(2026, 10, 13)),
        ("11", "26200.1", "education", "Windows 11 25H2 Enterprise/Education", date(2028, 10, 10)),
        ("11", "26100.1", "EnterpriseS", "Windows 11 Enterprise LTSC 2024", date(2029, 10, 9)),
        ("10", "20348.1", "ServerStandard", "Windows Server 2022", date(2031, 10, 14)),
        ("10", "26100.1", "ServerDatacenter", "Windows Server 2025", date(2034, 10, 10)),
        ("10", "14393.1", "ServerStandard", "Windows Server 2016", date(2027, 1, 12)),
    ],
)
def test_windows_release_from_version_build_and_edition(
    standard: Standard, version: str, build: str, edition: str, name: str, end: date
) -> None:
    release = find_release(windows(version, build, edition), standard.os_support)
    assert release is not None
    assert (release.name, release.end_of_support) == (name, end)


def test_unknown_windows_edition_takes_the_earliest_end(standard: Standard) -> None:
    release = find_release(windows("11", "26100.1", None), standard.os_support)
    assert release is not None and release.name == "Windows 11 24H2 Home/Pro"


@pytest.mark.parametrize(
    ("os_id", "version", "id_like", "name"),
    [
        ("ubuntu", "20.04", (), "Ubuntu 20.04 LTS"),
        ("ubuntu", "24.04", ("debian",), "Ubuntu 24.04 LTS"),
        ("debian", "12", (), "Debian 12 bookworm"),
        ("rhel", "9.4", ("fedora",), "Red Hat Enterprise Linux 9"),
        ("rocky", "8.10", ("rhel", "centos", "fedora"), "Rocky Linux 8"),
        ("almalinux", "9.5", ("rhel", "centos", "fedora"), "AlmaLinux 9"),
        ("centos", "9", ("rhel", "fedora"), "CentOS Stream 9"),
        ("ol", "9.4", ("rhel",), "Red Hat Enterprise Linux 9"),
    ],
)
def test_linux_release_from_id_and_version(
    standard: Standard, os_id: str, version: str, id_like: tuple[str, ...], name: str
) -> None:
    release = find_release(os_of(linux(report(), os_id, version, id_like)), standard.os_support)
    assert release is not None and release.name == name


def test_build_number_reads_the_first_component() -> None:
    assert build_number({"build": "22631.4460"}) == 22631
    assert build_number({"build": None}) is None
    assert build_number({"build": "unknown"}) is None


def test_windows_10_pro_is_out_of_support_on_2025_11_01(judge: Any) -> None:
    finding = only(judge(windows_10(report()), today=date(2025, 11, 1)), "os_unsupported")
    assert finding.severity == "critical"
    assert "đã hết hỗ trợ từ 14/10/2025" in finding.message_vi


def test_windows_10_pro_was_in_support_on_its_last_day(judge: Any) -> None:
    assert "os_unsupported" not in rules(judge(windows_10(report()), today=date(2025, 10, 14)))


def test_windows_11_24h2_enterprise_is_in_support(judge: Any) -> None:
    rep = report()
    rep["os"].update(edition="Enterprise")
    assert judge(rep, today=date(2027, 10, 12)) == ()


def test_ubuntu_20_04_is_out_of_support_and_upgradable(judge: Any) -> None:
    finding = only(judge(linux(report(), "ubuntu", "20.04", ("debian",))), "os_unsupported")
    assert finding.finding_class == "operational"
    assert finding.message_en.startswith("OS Ubuntu 20.04 LTS went out of support on 2025-05-31")


def test_unknown_os_is_an_info_finding(judge: Any) -> None:
    finding = only(judge(linux(report(), "arch", "rolling")), "os_unknown")
    assert (finding.severity, finding.finding_class, finding.measured) == (
        "info",
        "operational",
        "arch rolling",
    )


def test_os_null_is_a_missing_fact(judge: Any) -> None:
    rep = report()
    rep["os"] = None
    finding = only(judge(rep), "fact_missing")
    assert finding.required == "os"
