"""Who this Windows machine is: MachineGuid and the hardware facts behind its fingerprint.

MachineGuid is written at setup and copied by disk cloning, so the fingerprint comes from
hardware: the SMBIOS UUID and serial, the permanent MACs of built-in adapters and the
serials of fixed disks. A source that cannot be read is left out, never fatal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from agent.collectors import cim, disks_windows, network_windows, system_windows

log = logging.getLogger(__name__)

QUERIES = {
    "win32_computersystemproduct": "Get-CimInstance -ClassName Win32_ComputerSystemProduct | "
    "Select-Object UUID",
}
# Each property's CIM type: a value of another type is read as unknown (cim.typed).
TYPES: dict[str, cim.Types] = {
    "win32_computersystemproduct": {"UUID": str},
}

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# firmware left unset: all zeros, all ones, and the AMI/Gigabyte sequence many boards ship
PLACEHOLDER_UUIDS = {
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "03000200-0400-0500-0006-000700080009",
}

Part = tuple[str, str]


def read_machine_guid() -> Any:
    return cim.registry_values(cim.HKLM_CRYPTOGRAPHY, ["MachineGuid"]).get("MachineGuid")


def parse_guid(value: object) -> str | None:
    """Normalise a GUID to lower case without braces; None unless it is a real one."""
    guid = str(value or "").strip().strip("{}").lower()
    return guid if UUID.match(guid) and guid not in PLACEHOLDER_UUIDS else None


def machine_guid(read: Callable[[], Any] = read_machine_guid) -> str | None:
    """Return HKLM\\SOFTWARE\\Microsoft\\Cryptography MachineGuid, or None when unreadable."""
    try:
        return parse_guid(read())
    except cim.CimError as err:
        log.info("no MachineGuid: %s", err)
        return None


def built_in(adapter: cim.Record) -> bool:
    """Say whether an adapter is built in: hardware, not virtual, not on USB (a dongle)."""
    usb = str(adapter.get("PnPDeviceID") or "").upper().startswith("USB\\")
    return not network_windows.is_virtual(adapter) and not usb


def burnt_in_mac(adapter: cim.Record) -> str | None:
    """Return the adapter's permanent MAC; the current one may be random or set by hand."""
    return network_windows.mac(adapter.get("PermanentAddress"))


def parse_fingerprint_parts(
    product: list[cim.Record],
    bios: list[cim.Record],
    adapters: list[cim.Record],
    disks: list[cim.Record],
) -> list[Part]:
    """List (source, value) pairs: SMBIOS UUID, BIOS serial, built-in MACs, fixed disks.

    Removable and USB disks and USB or virtual adapters are left out, as on Linux: plugging
    a stick or a dongle must not change the fingerprint.
    """
    parts: list[Part] = [("dmi_uuid", u) for r in product if (u := parse_guid(r.get("UUID")))]
    parts += [
        ("dmi_serial", s) for r in bios if (s := system_windows.real_serial(r.get("SerialNumber")))
    ]
    parts += [("mac", m) for a in adapters if built_in(a) and (m := burnt_in_mac(a))]
    for disk in disks_windows.parse_physical(disks):
        if disk["serial"] and not disk["removable"]:
            parts.append(("disk_serial", disk["serial"]))
    return sorted(set(parts))


def _records(query: cim.Query, pipeline: str, types: cim.Types) -> list[cim.Record]:
    try:
        return cim.typed(query(pipeline), types)
    except cim.CimError as err:
        log.info("fingerprint source skipped: %s", err)
        return []


def fingerprint_parts(query: cim.Query = cim.query) -> list[Part]:
    """Read the hardware facts that fingerprint this machine, skipping unreadable sources."""
    return parse_fingerprint_parts(
        _records(
            query, QUERIES["win32_computersystemproduct"], TYPES["win32_computersystemproduct"]
        ),
        _records(query, system_windows.QUERIES["win32_bios"], system_windows.TYPES["win32_bios"]),
        _records(
            query, network_windows.QUERIES["net_adapter"], network_windows.TYPES["net_adapter"]
        ),
        _records(
            query, disks_windows.QUERIES["physical_disk"], disks_windows.TYPES["physical_disk"]
        ),
    )
