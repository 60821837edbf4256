"""The `os` collector on Windows: the CurrentVersion registry key, decoded by build number.

ProductName cannot be trusted: Windows 11 keeps "Windows 10 Pro" there. The build number
decides: a client build >= 22000 is Windows 11; server releases map from their build.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import psutil

from agent.collectors import cim
from agent.collectors.registry import Context
from contract.report import timestamp

CURRENT_VERSION_NAMES = (
    "ProductName",
    "EditionID",
    "DisplayVersion",
    "ReleaseId",
    "CurrentBuild",
    "CurrentBuildNumber",
    "UBR",
    "InstallationType",
)
WINDOWS_11_FIRST_BUILD = 22000
SERVER_RELEASES = {14393: "2016", 17763: "2019", 20348: "2022", 26100: "2025"}
LTSC_EDITIONS = {"EnterpriseS", "EnterpriseSN", "IoTEnterpriseS"}
LTSC_RELEASES = {14393: "2016", 17763: "2019", 19044: "2021", 26100: "2024"}
EDITIONS = {
    "Core": "Home",
    "CoreN": "Home N",
    "CoreSingleLanguage": "Home Single Language",
    "CoreCountrySpecific": "Home China",
    "Professional": "Pro",
    "ProfessionalN": "Pro N",
    "ProfessionalEducation": "Pro Education",
    "ProfessionalWorkstation": "Pro for Workstations",
    "EnterpriseS": "Enterprise LTSC",
    "EnterpriseSN": "Enterprise N LTSC",
    "IoTEnterprise": "IoT Enterprise",
    "IoTEnterpriseS": "IoT Enterprise LTSC",
    "ServerStandard": "Standard",
    "ServerDatacenter": "Datacenter",
    "ServerStandardEval": "Standard Evaluation",
    "ServerDatacenterEval": "Datacenter Evaluation",
    "ServerSolution": "Essentials",
}

Sample = dict[str, Any]


def read_os() -> Sample:
    """Read the CurrentVersion registry values, the machine type and the boot time (epoch s)."""
    return {
        "current_version": cim.registry_values(cim.HKLM_CURRENT_VERSION, CURRENT_VERSION_NAMES),
        "machine": platform.machine(),
        "boot_time": psutil.boot_time(),
    }


def build_number(values: Sample) -> int | None:
    """Return the OS build number (CurrentBuild, else CurrentBuildNumber)."""
    raw = str(values.get("CurrentBuild") or values.get("CurrentBuildNumber") or "")
    return int(raw) if raw.isdigit() else None


def is_server(values: Sample) -> bool:
    """Say whether this is Windows Server (InstallationType Server, Server Core...)."""
    kind = values.get("InstallationType")
    if kind:
        return str(kind) != "Client"
    return str(values.get("EditionID", "")).startswith("Server")


def version(build: int | None, server: bool) -> str | None:
    """Name the release: "10"/"11" for clients, "2016".."2025" for servers, from the build."""
    if build is None:
        return None
    if server:
        return SERVER_RELEASES.get(build)
    if build >= WINDOWS_11_FIRST_BUILD:
        return "11"
    return "10" if build >= 10240 else None


def human_name(values: Sample, build: int | None, server: bool) -> str | None:
    """Compose the name people use: "Windows 11 Pro 23H2", "Windows Server 2019 Standard"."""
    edition_id = str(values.get("EditionID") or "")
    edition = EDITIONS.get(edition_id, edition_id)
    release = version(build, server)
    if release is None:
        return values.get("ProductName") or None
    if server:
        return " ".join(filter(None, ("Windows Server", release, edition)))
    if edition_id in LTSC_EDITIONS and build in LTSC_RELEASES:
        return f"Windows {release} {edition} {LTSC_RELEASES[build]}"
    feature = values.get("DisplayVersion") or values.get("ReleaseId")
    return " ".join(filter(None, (f"Windows {release}", edition, feature)))


def parse_os(sample: Sample) -> dict[str, Any]:
    """Map CurrentVersion values, machine and boot time to the report's `os` object."""
    values = sample["current_version"]
    build = build_number(values)
    server = is_server(values)
    ubr = values.get("UBR")
    boot = sample.get("boot_time")
    return {
        "family": "windows",
        "id": "windows_server" if server else "windows",
        "id_like": [],
        "name": human_name(values, build, server),
        "version": version(build, server),
        "build": None if build is None else f"{build}.{ubr}" if ubr is not None else str(build),
        "edition": values.get("EditionID") or None,
        "kernel": None if build is None else str(build),
        "architecture": sample.get("machine") or None,
        "boot_time": timestamp(datetime.fromtimestamp(boot, UTC)) if boot else None,
    }


def collect(ctx: Context, read: Callable[[], Sample] = read_os) -> dict[str, Any]:
    """Read the registry and return the report's `os` object."""
    return parse_os(read())
