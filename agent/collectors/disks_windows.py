"""The `disks` collector on Windows: Get-PhysicalDisk, Get-Partition and psutil's volumes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import psutil

from agent.collectors import cim
from agent.collectors.registry import Context

log = logging.getLogger(__name__)

QUERIES = {
    "physical_disk": "Get-PhysicalDisk | Select-Object "
    "DeviceId,FriendlyName,SerialNumber,Size,MediaType,BusType",
    "system_partition": "Get-Partition -DriveLetter $env:SystemDrive[0] | Select-Object DiskNumber",
}
# Each property's CIM type: a value of another type is read as unknown (cim.typed).
TYPES: dict[str, cim.Types] = {
    "physical_disk": {
        "DeviceId": str,
        "FriendlyName": str,
        "SerialNumber": str,
        "Size": int,
        "MediaType": int,
        "BusType": int,
    },
    "system_partition": {"DiskNumber": int},
}

# MSFT_PhysicalDisk.MediaType and .BusType: ConvertTo-Json writes the numbers; names accepted
MEDIA_KINDS: dict[object, str] = {3: "hdd", 4: "ssd", "HDD": "hdd", "SSD": "ssd"}
NVME_BUSES: set[object] = {17, "NVMe"}
REMOVABLE_BUSES: set[object] = {7, 12, 13, "USB", "SD", "MMC"}

Sample = dict[str, Any]


def disk_name(device_id: object) -> str:
    """Name a physical disk after its disk number, like Windows' PhysicalDisk0."""
    return f"PhysicalDisk{device_id}"


def text(value: object) -> str | None:
    """Return `value` as trimmed text, or None when it is missing or blank."""
    stripped = str(value).strip() if value is not None else ""
    return stripped or None


def disk_kind(record: cim.Record) -> str:
    """Classify a disk as nvme (by bus), hdd or ssd (by media type) or unknown."""
    if record.get("BusType") in NVME_BUSES:
        return "nvme"
    return MEDIA_KINDS.get(record.get("MediaType"), "unknown")


def parse_physical(records: list[cim.Record]) -> list[dict[str, Any]]:
    """Map MSFT_PhysicalDisk records to the report's `disks.physical` entries."""
    return [
        {
            "name": disk_name(r.get("DeviceId")),
            "model": text(r.get("FriendlyName")),
            "serial": text(r.get("SerialNumber")),
            "size_bytes": max(int(r.get("Size") or 0), 0),
            "kind": disk_kind(r),
            "removable": r.get("BusType") in REMOVABLE_BUSES,
        }
        for r in sorted(records, key=lambda r: disk_number(r.get("DeviceId")))
    ]


def disk_number(device_id: object) -> tuple[int, str]:
    """Order disks by their number ("0", "1"), any other DeviceId after them by its text."""
    shown = str(device_id or 0)
    return (int(shown), "") if shown.isdecimal() and shown.isascii() else (2**63, shown)


def parse_system_disk(records: list[cim.Record], physical: list[dict[str, Any]]) -> str | None:
    """Name the physical disk whose number Get-Partition gave for the system drive."""
    numbers = [r.get("DiskNumber") for r in records if r.get("DiskNumber") is not None]
    names = {d["name"] for d in physical}
    name = disk_name(numbers[0]) if numbers else None
    return name if name in names else None


def read_filesystems() -> list[Sample]:
    """Read psutil's volumes; usage in bytes for fixed ones only (None for the others)."""
    out = []
    for part in psutil.disk_partitions(all=False):
        record: Sample = {**part._asdict(), "total": None, "used": None, "free": None}
        out.append(record)
        if not is_fixed(record):  # never wake a DVD drive or wait on a network share
            continue
        try:
            usage = psutil.disk_usage(part.mountpoint)
        except OSError as err:  # an empty card reader or a locked BitLocker volume
            log.debug("no usage for %s: %s", part.mountpoint, err)
        else:
            record.update(total=usage.total, used=usage.used, free=usage.free)
    return out


def is_fixed(sample: Sample) -> bool:
    """Say whether psutil's options mark a local, non-removable volume ("rw,fixed")."""
    return "fixed" in str(sample.get("opts") or "").split(",")


def local_volumes(samples: list[Sample]) -> list[Sample]:
    """Keep fixed (local, non-removable) volumes whose usage could be read."""
    return [s for s in samples if is_fixed(s) and s["total"] is not None]


def parse_filesystems(samples: list[Sample]) -> list[dict[str, Any]]:
    """Map psutil volume samples to the report's `disks.filesystems` entries."""
    return [
        {
            "mount": s["mountpoint"],
            "device": s["device"],
            "fstype": s["fstype"],
            "total_bytes": int(s["total"]),
            "free_bytes": int(s["free"]),
        }
        for s in local_volumes(samples)
    ]


def system_disk(query: cim.Query, physical: list[dict[str, Any]]) -> str | None:
    """Find the system drive's physical disk; None when Windows cannot say (Storage Spaces)."""
    try:
        return parse_system_disk(
            cim.typed(query(QUERIES["system_partition"]), TYPES["system_partition"]), physical
        )
    except cim.CimError as err:
        log.info("system disk unknown: %s", err)
        return None


def collect(
    ctx: Context,
    query: cim.Query = cim.query,
    read: Callable[[], list[Sample]] = read_filesystems,
) -> dict[str, Any]:
    """Read disks and volumes and return the report's `hardware.disks` object."""
    physical = parse_physical(cim.typed(query(QUERIES["physical_disk"]), TYPES["physical_disk"]))
    return {
        "physical": physical,
        "filesystems": parse_filesystems(read()),
        "system_disk": system_disk(query, physical),
    }
