"""Notice a hardware change between inventories cheaply: memory, disks, NICs, boot time."""

from __future__ import annotations

import time
from collections.abc import Callable

import psutil


def signature() -> tuple[object, ...]:
    """Return what changes when RAM, a disk or a NIC is added or removed, or the OS reboots."""
    disks = sorted(p.device for p in psutil.disk_partitions(all=False))
    nics = sorted(psutil.net_if_stats())
    return (psutil.virtual_memory().total, tuple(disks), tuple(nics), int(psutil.boot_time()))


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

        Read at most every `every_seconds` (about 1 ms of CPU each time): a new disk or NIC
        is noticed within minutes, not within one report interval.
        """
        if self._clock() - self._checked < self._every:
            return False
        current, self._checked = self._read(), self._clock()
        changed, self._last = current != self._last, current
        return changed
