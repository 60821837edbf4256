"""The `system` collector: maker, model, serial, BIOS, chassis and whether it is a VM."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from agent.collectors import dmi_linux
from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source
from agent.errors import NotApplicable
from agent.paths import PathsConfig

# SMBIOS 3.x "System Enclosure or Chassis Types"; 2 (Unknown) is left out: null.
CHASSIS_TYPES = {
    1: "other", 3: "desktop", 4: "low-profile-desktop", 5: "pizza-box", 6: "mini-tower",
    7: "tower", 8: "portable", 9: "laptop", 10: "notebook", 11: "hand-held",
    12: "docking-station", 13: "all-in-one", 14: "sub-notebook", 15: "space-saving",
    16: "lunch-box", 17: "main-server-chassis", 18: "expansion-chassis", 19: "sub-chassis",
    20: "bus-expansion-chassis", 21: "peripheral-chassis", 22: "raid-chassis",
    23: "rack-mount-chassis", 24: "sealed-case-pc", 25: "multi-system-chassis",
    26: "compact-pci", 27: "advanced-tca", 28: "blade", 29: "blade-enclosure", 30: "tablet",
    31: "convertible", 32: "detachable", 33: "iot-gateway", 34: "embedded-pc", 35: "mini-pc",
    36: "stick-pc",
}  # fmt: skip
# (DMI field, lower-case text in it) that only a hypervisor puts there
VIRTUAL_MARKS = (
    ("sys_vendor", "qemu"),
    ("sys_vendor", "vmware"),
    ("sys_vendor", "innotek"),
    ("sys_vendor", "xen"),
    ("sys_vendor", "parallels"),
    ("sys_vendor", "bochs"),
    ("sys_vendor", "amazon ec2"),
    ("product_name", "virtual machine"),  # Microsoft Hyper-V
    ("product_name", "kvm"),
    ("product_name", "virtualbox"),
    ("product_name", "google compute engine"),
    ("product_name", "openstack"),
    ("bios_vendor", "seabios"),
)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Describe this machine's make, model, firmware and chassis."""
    return read_system(ctx.source, ctx.paths)


collect = collector(
    "system",
    linux=collect_linux,
    win32="agent.collectors.system_windows:collect",
)


def read_system(source: Source, paths: PathsConfig) -> dict[str, Any]:
    """Read /sys/class/dmi/id; NotApplicable when the machine has no DMI (most ARM boards)."""
    dmi = dmi_linux.read_dmi(source, paths.sysfs)
    if dmi is None:
        raise NotApplicable(f"no DMI table at {dmi_linux.dmi_dir(paths.sysfs)}")
    hypervisor = source.read_value(os.path.join(paths.sysfs, "hypervisor/type"))
    flags = _cpu_flags(source.read_text(os.path.join(paths.procfs, "cpuinfo")) or "")
    return system_from(dmi, hypervisor=hypervisor, cpu_flags=flags)


def system_from(
    dmi: Mapping[str, str | None], *, hypervisor: str | None, cpu_flags: frozenset[str]
) -> dict[str, Any]:
    """Build the report's `system` object from DMI attributes and hypervisor evidence."""
    return {
        "manufacturer": dmi.get("sys_vendor"),
        "model": dmi.get("product_name"),
        "serial": dmi.get("product_serial"),
        "bios_vendor": dmi.get("bios_vendor"),
        "bios_version": dmi.get("bios_version"),
        "bios_date": iso_date(dmi.get("bios_date")),
        "chassis": chassis_word(dmi.get("chassis_type")),
        "virtual": bool(hypervisor) or "hypervisor" in cpu_flags or _virtual_dmi(dmi),
    }


def iso_date(us_date: str | None) -> str | None:
    """Turn DMI's MM/DD/YYYY into YYYY-MM-DD; None if it is not a plausible date."""
    match = _US_DATE.match(us_date or "")
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def chassis_word(chassis_type: str | None) -> str | None:
    """Name an SMBIOS chassis type number ("10" -> "notebook"); None if unknown."""
    try:
        number = int(chassis_type or "") & 0x7F  # bit 7 is the chassis lock flag
    except ValueError:
        return None
    return CHASSIS_TYPES.get(number)


def _virtual_dmi(dmi: Mapping[str, str | None]) -> bool:
    return any(mark in (dmi.get(field) or "").lower() for field, mark in VIRTUAL_MARKS)


def _cpu_flags(cpuinfo: str) -> frozenset[str]:
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return frozenset(value.split())
    return frozenset()
