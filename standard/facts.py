"""Read the derived facts rules need from a report: system disk, fastest NIC, BIOS date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from standard.rule import Report, section


def system_disk(report: Report) -> Mapping[str, Any] | None:
    """Return the physical disk that holds / or C:, or None when unknown."""
    disks = section(report, "hardware.disks")
    if disks is None or not disks.get("system_disk"):
        return None
    for disk in disks.get("physical", ()):
        if disk["name"] == disks["system_disk"]:
            return disk
    return None


def fastest_nic_bits_per_second(report: Report) -> int | None:
    """Return the speed of the fastest physical interface that is up, or None."""
    network = section(report, "hardware.network")
    if network is None:
        return None
    speeds = [
        i["speed_bits_per_second"]
        for i in network.get("interfaces", ())
        if i.get("up") and not i.get("virtual") and i.get("speed_bits_per_second")
    ]
    return max(speeds) if speeds else None


def bios_date(report: Report) -> date | None:
    """Return the BIOS release date, or None when absent or malformed."""
    system = section(report, "hardware.system")
    text = system.get("bios_date") if system else None
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def is_virtual(report: Report) -> bool:
    """Tell whether the report comes from a virtual machine."""
    system = section(report, "hardware.system")
    return bool(system and system.get("virtual"))


def age_years(born: date, today: date) -> float:
    """Return the years from `born` to `today` (365.25-day years)."""
    return (today - born).days / 365.25
