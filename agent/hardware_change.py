"""Notice a hardware change between inventories cheaply: memory, disks, NICs, boot time."""

from __future__ import annotations

from collections.abc import Callable

import psutil


def signature() -> tuple[object, ...]:
    """Return what changes when RAM, a disk or a NIC is added or removed, or the OS reboots."""
    disks = sorted(p.device for p in psutil.disk_partitions(all=False))
    nics = sorted(psutil.net_if_stats())
    return (psutil.virtual_memory().total, tuple(disks), tuple(nics), int(psutil.boot_time()))


class HardwareSignature:
    """Compare this machine's signature with the one seen last time."""

    def __init__(self, read: Callable[[], tuple[object, ...]] = signature) -> None:
        self._read = read
        self._last = read()

    def changed(self) -> bool:
        """Tell whether the signature differs from the last call's, and remember it."""
        current = self._read()
        changed, self._last = current != self._last, current
        return changed
