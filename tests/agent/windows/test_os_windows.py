"""os on Windows: the CurrentVersion registry key, decoded by build number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from agent.collectors import os_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def test_windows_11_despite_product_name_windows_10(recorded: Callable[[str], Any]) -> None:
    scenario = recorded("win11-laptop-vi")
    assert scenario.reads()["os"]["current_version"]["ProductName"] == "Windows 10 Pro"
    os_ = os_windows.collect(WIN, read=scenario.reader("os"))
    assert os_ == {
        "family": "windows",
        "id": "windows",
        "id_like": [],
        "name": "Windows 11 Pro 23H2",
        "version": "11",
        "build": "22631.4317",
        "edition": "Professional",
        "kernel": "22631",
        "architecture": "AMD64",
        "boot_time": "2026-11-24T17:20:00.000Z",
    }


def test_windows_10_desktop(recorded: Callable[[str], Any]) -> None:
    os_ = os_windows.collect(WIN, read=recorded("win10-pro-desktop").reader("os"))
    facts = (os_["name"], os_["version"], os_["build"])
    assert facts == ("Windows 10 Pro 22H2", "10", "19045.5011")
    assert os_["boot_time"] == "2026-11-24T00:12:05.000Z"


def test_server_2019(recorded: Callable[[str], Any]) -> None:
    os_ = os_windows.collect(WIN, read=recorded("server2019-hyperv").reader("os"))
    assert os_["id"] == "windows_server"
    assert (os_["name"], os_["version"], os_["build"]) == (
        "Windows Server 2019 Standard",
        "2019",
        "17763.6414",
    )
    assert os_["edition"] == "ServerStandard"


@pytest.mark.parametrize(
    ("values", "name", "version"),
    [
        (
            {"EditionID": "Core", "DisplayVersion": "24H2", "CurrentBuild": "26100"},
            "Windows 11 Home 24H2",
            "11",
        ),
        (
            {"EditionID": "EnterpriseS", "DisplayVersion": "21H2", "CurrentBuild": "19044"},
            "Windows 10 Enterprise LTSC 2021",
            "10",
        ),
        (
            {"EditionID": "Professional", "ReleaseId": "1909", "CurrentBuild": "18363"},
            "Windows 10 Pro 1909",
            "10",
        ),
        (
            {"EditionID": "ServerDatacenter", "InstallationType": "Server Core",
             "DisplayVersion": "21H2", "CurrentBuild": "20348"},
            "Windows Server 2022 Datacenter",
            "2022",
        ),
        (
            {"EditionID": "ServerStandard", "InstallationType": "Server",
             "ProductName": "Windows Server 2025 Standard", "CurrentBuild": "26100"},
            "Windows Server 2025 Standard",
            "2025",
        ),
        (
            {"EditionID": "ServerDatacenter", "InstallationType": "Server Core",
             "ProductName": "Windows Server Datacenter", "CurrentBuild": "25398"},
            "Windows Server Datacenter",
            None,
        ),
    ],
)  # fmt: skip
def test_release_names(values: dict[str, Any], name: str, version: str | None) -> None:
    os_ = os_windows.parse_os({"current_version": values, "machine": "AMD64", "boot_time": 0})
    assert (os_["name"], os_["version"]) == (name, version)
    assert os_["boot_time"] is None


def test_build_without_ubr() -> None:
    os_ = os_windows.parse_os({"current_version": {"CurrentBuildNumber": "19045"}})
    assert (os_["build"], os_["kernel"], os_["architecture"]) == ("19045", "19045", None)


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("os", os_windows.collect(WIN, read=scenario.reader("os")))
