"""Physical disks under /sys/block, their serials, and the disk beneath any block device."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agent.collectors.source_linux import Source

SECTOR_BYTES = 512  # /sys/block/X/size counts 512-byte sectors whatever the disk's own
NOT_PHYSICAL = ("loop", "ram", "zram", "dm-", "md", "sr", "fd", "nbd", "zd")
# /dev/disk/by-id prefixes carrying model_serial, most trusted first; wwn-, nvme-eui. and
# scsi- names only repeat what these say.
BY_ID_BUSES = ("ata", "nvme", "mmc", "virtio", "usb")
_PARTITION_LINK = re.compile(r"-part\d+$")
_USB_LUN = re.compile(r"-\d+:\d+$")


@dataclass(frozen=True)
class Disk:
    """A physical disk; size in bytes, `bus` is the /dev/disk/by-id prefix if any."""

    name: str
    model: str | None
    serial: str | None
    size_bytes: int
    kind: str
    removable: bool | None
    bus: str | None = None

    def as_report(self) -> dict[str, Any]:
        """Return the report's `disks.physical[]` entry."""
        return {
            "name": self.name,
            "model": self.model,
            "serial": self.serial,
            "size_bytes": self.size_bytes,
            "kind": self.kind,
            "removable": self.removable,
        }


def read_disks(source: Source, sysfs: str, dev: str) -> list[Disk]:
    """Read the physical disks under `sysfs`/block; empty slots (size 0) are left out."""
    by_id = by_id_serials(_by_id_links(source, dev))
    disks = []
    for name in source.list_dir(os.path.join(sysfs, "block")):
        disk = _disk(source, os.path.join(sysfs, "block", name), name, by_id.get(name))
        if disk is not None:
            disks.append(disk)
    return disks


def _disk(source: Source, path: str, name: str, by_id: tuple[str, str] | None) -> Disk | None:
    size = source.read_int(os.path.join(path, "size"))
    if name.startswith(NOT_PHYSICAL) or not size:
        return None
    removable = source.read_int(os.path.join(path, "removable"))
    serial = source.read_value(os.path.join(path, "device/serial")) or source.read_value(
        os.path.join(path, "serial")  # virtio-blk
    )
    return Disk(
        name=name,
        model=source.read_value(os.path.join(path, "device/model"))
        or source.read_value(os.path.join(path, "device/name")),  # eMMC, SD
        serial=serial or (by_id[1] if by_id else None),
        size_bytes=size * SECTOR_BYTES,
        kind=disk_kind(name, source.read_int(os.path.join(path, "queue/rotational"))),
        removable=None if removable is None else removable == 1,
        bus=by_id[0] if by_id else None,
    )


def disk_kind(name: str, rotational: int | None) -> str:
    """Classify a disk: "nvme" by name, else "ssd"/"hdd" as the kernel's rotational flag says."""
    if name.startswith("nvme"):
        return "nvme"
    return {0: "ssd", 1: "hdd"}.get(rotational, "unknown") if rotational is not None else "unknown"


def _by_id_links(source: Source, dev: str) -> dict[str, str]:
    base = os.path.join(dev, "disk/by-id")
    links = {name: source.link_name(os.path.join(base, name)) for name in source.list_dir(base)}
    return {name: target for name, target in links.items() if target}


def by_id_serials(links: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Map disk name -> (bus, serial) from by-id link names -> target device names."""
    best: dict[str, tuple[int, int, str, str]] = {}
    for link, target in links.items():
        parsed = serial_from_by_id(link)
        if parsed is None:
            continue
        rank = (BY_ID_BUSES.index(parsed[0]), len(link))  # shortest: nvme adds "_1" links
        if target not in best or rank < best[target][:2]:
            best[target] = (*rank, *parsed)
    return {disk: (bus, serial) for disk, (_, _, bus, serial) in best.items()}


def serial_from_by_id(link: str) -> tuple[str, str] | None:
    """Split a by-id name ("ata-Samsung_SSD_860_EVO_500GB_S3Z1...") into (bus, serial)."""
    bus, _, rest = link.partition("-")
    if bus not in BY_ID_BUSES or not rest or _PARTITION_LINK.search(link):
        return None
    if bus == "virtio":
        return bus, rest
    if bus == "nvme" and rest.startswith(("eui.", "nvme.", "uuid.")):
        return None
    model, sep, serial = _USB_LUN.sub("", rest).rpartition("_")
    return (bus, serial) if sep and model and serial else None


def holding_disk(source: Source, sysfs: str, device: str, depth: int = 0) -> str | None:
    """Follow partitions and dm/md slaves from block device `device` down to its disk."""
    block = os.path.join(sysfs, "block")
    if depth > 8:
        return None
    if source.is_dir(os.path.join(block, device)):
        slaves = source.list_dir(os.path.join(block, device, "slaves"))
        return holding_disk(source, sysfs, slaves[0], depth + 1) if slaves else device
    for disk in source.list_dir(block):
        if source.is_dir(os.path.join(block, disk, device)):  # a partition: sda2 in sda/
            return holding_disk(source, sysfs, disk, depth + 1)
    return None


def dm_device(source: Source, sysfs: str, mapper_name: str) -> str | None:
    """Return the dm-N device whose mapper name is `mapper_name` (as in /dev/mapper/)."""
    block = os.path.join(sysfs, "block")
    names = [n for n in source.list_dir(block) if n.startswith("dm-")]
    return next(
        (n for n in names if source.read_value(os.path.join(block, n, "dm/name")) == mapper_name),
        None,
    )
