"""Read SMBIOS/DMI facts from /sys/class/dmi/id, dropping the vendors' placeholder text."""

from __future__ import annotations

import os

from agent.collectors.source_linux import Source

ATTRIBUTES = (
    "sys_vendor",
    "product_name",
    "product_serial",  # root-only on most distributions
    "product_uuid",  # root-only
    "bios_vendor",
    "bios_version",
    "bios_date",
    "chassis_type",
)
# Text firmware ships in unfilled fields; no two machines are told apart by it.
PLACEHOLDERS = frozenset(
    {
        "",
        "0",
        "none",
        "n/a",
        "na",
        "null",
        "not specified",
        "not applicable",
        "not available",
        "default string",
        "to be filled by o.e.m.",
        "to be filled by oem",
        "system serial number",
        "system product name",
        "system manufacturer",
        "chassis serial number",
        "0123456789",
        "123456789",
        "oem",
        "o.e.m.",
        "invalid",
        "03000200-0400-0500-0006-000700080009",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    }
)


def dmi_dir(sysfs: str) -> str:
    """Return the DMI attribute directory under `sysfs`."""
    return os.path.join(sysfs, "class/dmi/id")


def read_dmi(source: Source, sysfs: str) -> dict[str, str | None] | None:
    """Read the DMI attributes (None when unreadable); None if the machine has no DMI."""
    base = dmi_dir(sysfs)
    if not source.is_dir(base):
        return None
    return {name: clean(source.read_value(os.path.join(base, name))) for name in ATTRIBUTES}


def clean(value: str | None) -> str | None:
    """Return `value` stripped, or None if it is a firmware placeholder."""
    if value is None:
        return None
    value = value.strip()
    return None if value.lower() in PLACEHOLDERS or set(value) <= {"0", " ", "-"} else value
