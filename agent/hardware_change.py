"""Notice a hardware change between inventories cheaply: memory, disks, NICs, boot time."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from agent.collectors import kernelfiles_linux as kf
from agent.collectors import memory, mounts_linux, procstat_linux
from agent.paths import PathsConfig


def signature(paths: PathsConfig | None = None) -> tuple[object, ...]:
    """Return what changes when RAM, a disk or a NIC is added or removed, or the OS reboots."""
    if sys.platform == "linux":
        return linux_signature(paths or PathsConfig())
    import psutil  # elsewhere psutil reads it; the Linux path keeps psutil out of memory

    disks = sorted(p.device for p in psutil.disk_partitions(all=False))
    nics = sorted(psutil.net_if_stats())
    return (psutil.virtual_memory().total, tuple(disks), tuple(nics), int(psutil.boot_time()))


def linux_signature(paths: PathsConfig) -> tuple[object, ...]:
    """Read the signature from procfs and sysfs: MemTotal, mounted disks, NICs, boot time."""
    meminfo = memory.parse_meminfo(kf.read_text(os.path.join(paths.procfs, "meminfo")) or "")
    mounts_text = kf.read_text(os.path.join(paths.procfs, "self/mounts")) or ""
    mounts = mounts_linux.parse_mounts(mounts_text)
    disks = sorted(m.device for m in mounts_linux.data_filesystems(mounts))
    nics = kf.list_dir(os.path.join(paths.sysfs, "class/net"))
    stat = procstat_linux.parse_stat(kf.read_text(os.path.join(paths.procfs, "stat")) or "")
    return (meminfo.get("MemTotal"), tuple(disks), tuple(nics), stat.boot_time_seconds)


class HardwareSignature:
    """Compare this machine's signature with the one seen last time, at most every so often."""

    def __init__(
        self,
        read: Callable[[], tuple[object, ...]] = signature,
        every_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read, self._every, self._clock = read, every_seconds, clock
        self._last = read()
        self._checked = clock()

    def changed(self) -> bool:
        """Tell whether the signature differs from the last one read, and remember it.

        Read at most every `every_seconds`, as a read costs more CPU than a report's other
        facts: a new disk or NIC is noticed within minutes, not within one report interval.
        """
        if self._clock() - self._checked < self._every:
            return False
        current, self._checked = self._read(), self._clock()
        changed, self._last = current != self._last, current
        return changed
