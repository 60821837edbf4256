"""The filesystem roots the Linux readers read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PathsConfig:
    """Roots the Linux collectors read; changed only for tests and containers."""

    procfs: str = "/proc"
    sysfs: str = "/sys"
    etc: str = "/etc"
    dev: str = "/dev"
