"""The `disks` collector: physical disks, data filesystems (bytes) and the system disk."""

from __future__ import annotations

import os
from typing import Any

from agent.collectors import blockdev_linux, mounts_linux
from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source
from agent.paths import PathsConfig


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Describe this machine's disks and filesystems."""
    return read_disks(ctx.source, ctx.paths)


collect = collector(
    "disks",
    linux=collect_linux,
    win32="agent.collectors.disks_windows:collect",
)


def read_disks(
    source: Source, paths: PathsConfig, usage: mounts_linux.UsageFn | None = None
) -> dict[str, Any]:
    """Read /sys/block, /dev/disk/by-id and /proc/self/mounts; measure with `usage`, else
    the source's statvfs."""
    physical = blockdev_linux.read_disks(source, paths.sysfs, paths.dev)
    filesystems = mounts_linux.read_filesystems(source, paths.procfs, usage)
    root = next((m for m, _ in filesystems if m.mount == "/"), None)
    system_disk = disk_of(source, paths.sysfs, root.device) if root else None
    return {
        "physical": [d.as_report() for d in physical],
        "filesystems": [
            {
                "mount": m.mount,
                "device": m.device,
                "fstype": m.fstype,
                "total_bytes": u.total_bytes,
                "free_bytes": u.free_bytes,
            }
            for m, u in filesystems
        ],
        "system_disk": system_disk if system_disk in {d.name for d in physical} else None,
    }


def disk_of(source: Source, sysfs: str, device: str) -> str | None:
    """Name the disk beneath a mount's device: /dev/sda2, /dev/nvme0n1p3, /dev/mapper/X."""
    if device.startswith("/dev/mapper/"):
        name = blockdev_linux.dm_device(source, sysfs, device.removeprefix("/dev/mapper/"))
    elif device.startswith("/dev/"):
        name = os.path.basename(device)
    else:
        return None
    return blockdev_linux.holding_disk(source, sysfs, name) if name else None
