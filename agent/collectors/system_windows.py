"""The `system` collector on Windows: Win32_ComputerSystem, Win32_BIOS, Win32_SystemEnclosure."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from agent.collectors import cim
from agent.collectors.registry import Context
from agent.collectors.system import CHASSIS_TYPES

QUERIES = {
    "win32_computersystem": "Get-CimInstance -ClassName Win32_ComputerSystem | Select-Object "
    "Manufacturer,Model",
    "win32_bios": "Get-CimInstance -ClassName Win32_BIOS | Select-Object "
    "Manufacturer,SMBIOSBIOSVersion,ReleaseDate,SerialNumber",
    "win32_systemenclosure": "Get-CimInstance -ClassName Win32_SystemEnclosure | Select-Object "
    "ChassisTypes",
}
# Each property's CIM type: a value of another type is read as unknown (cim.typed).
TYPES: dict[str, cim.Types] = {
    "win32_computersystem": {"Manufacturer": str, "Model": str},
    "win32_bios": {
        "Manufacturer": str,
        "SMBIOSBIOSVersion": str,
        "ReleaseDate": str,
        "SerialNumber": str,
    },
    "win32_systemenclosure": {"ChassisTypes": cim.INTEGERS},
}

VIRTUAL_MARKERS = (
    "vmware", "virtualbox", "virtual machine", "qemu", "kvm", "xen", "parallels", "bochs",
    "amazon ec2", "google compute engine", "openstack", "seabios",
)  # fmt: skip
SERIAL_PLACEHOLDERS = {
    "to be filled by o.e.m.", "default string", "system serial number", "chassis serial number",
    "not specified", "not applicable", "none", "n/a", "oem", "o.e.m.", "invalid", "unknown",
    "0123456789", "123456789", "serial number", "xxxxxxxxxxxx",
}  # fmt: skip


def real_serial(value: object) -> str | None:
    """Return a serial number, or None for blanks and firmware placeholders."""
    serial = str(value).strip() if value is not None else ""
    if not serial or serial.lower() in SERIAL_PLACEHOLDERS or set(serial) <= {"0", " ", "-"}:
        return None
    return serial


def _text(value: object) -> str | None:
    stripped = str(value).strip() if value is not None else ""
    return stripped or None


def bios_date(value: object) -> str | None:
    """Turn a CIM date (/Date(ms)/, DMTF, ISO or MM/DD/YYYY) into "YYYY-MM-DD"."""
    if isinstance(value, dict):  # a DateTime PowerShell wrapped with its ETS properties
        return bios_date(value.get("value"))
    raw = str(value or "").strip()
    if epoch := re.match(r"^/Date\((-?\d+)", raw):
        return datetime.fromtimestamp(int(epoch.group(1)) / 1000, UTC).date().isoformat()
    if "T" in raw and re.match(r"^\d{4}-\d{2}-\d{2}T", raw):
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return (moment.astimezone(UTC) if moment.tzinfo else moment).date().isoformat()
    parts = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})", raw)
    numbers = parts.groups() if parts else ()
    if not parts and (us := re.match(r"^(\d{2})/(\d{2})/(\d{4})$", raw)):
        numbers = (us.group(3), us.group(1), us.group(2))
    try:
        return date(*map(int, numbers)).isoformat() if numbers else None
    except ValueError:
        return None


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [] if value is None else [value]


def chassis(types: object) -> str | None:
    """Name the first SMBIOS chassis type of Win32_SystemEnclosure.ChassisTypes."""
    return next(
        (CHASSIS_TYPES[t] for t in _as_list(types) if isinstance(t, int) and t in CHASSIS_TYPES),
        None,
    )


def is_virtual(*names: str | None) -> bool:
    """Say whether the manufacturer, model or BIOS vendor names a hypervisor (Hyper-V, KVM...)."""
    seen = " ".join(name or "" for name in names).lower()
    return any(marker in seen for marker in VIRTUAL_MARKERS)


def parse_system(
    computer: list[cim.Record], bios: list[cim.Record], enclosure: list[cim.Record]
) -> dict[str, Any]:
    """Map the three CIM classes' records to the report's `hardware.system` object."""
    cs, bi = (computer or [{}])[0], (bios or [{}])[0]
    types = [t for e in enclosure for t in _as_list(e.get("ChassisTypes"))]
    manufacturer, model = _text(cs.get("Manufacturer")), _text(cs.get("Model"))
    return {
        "manufacturer": manufacturer,
        "model": model,
        "serial": real_serial(bi.get("SerialNumber")),
        "bios_vendor": _text(bi.get("Manufacturer")),
        "bios_version": _text(bi.get("SMBIOSBIOSVersion")),
        "bios_date": bios_date(bi.get("ReleaseDate")),
        "chassis": chassis(types),
        "virtual": is_virtual(manufacturer, model, _text(bi.get("Manufacturer"))),
    }


def collect(ctx: Context, query: cim.Query = cim.query) -> dict[str, Any]:
    """Read the computer, BIOS and enclosure classes; return `hardware.system`."""
    return parse_system(
        cim.typed(query(QUERIES["win32_computersystem"]), TYPES["win32_computersystem"]),
        cim.typed(query(QUERIES["win32_bios"]), TYPES["win32_bios"]),
        cim.typed(query(QUERIES["win32_systemenclosure"]), TYPES["win32_systemenclosure"]),
    )
