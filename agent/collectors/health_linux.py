"""Health readings on Linux: CPU busy share between calls, load, uptime, processes."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable

from agent.collectors import procstat_linux
from agent.collectors.procstat_linux import CpuTimes
from agent.collectors.source_linux import Source

PRIME_SECONDS = 0.25
# The last /proc/stat sample per machine and procfs root: each health run measures since
# the last one.
_previous: dict[tuple[str, str], CpuTimes] = {}


def cpu_used_ratio(
    source: Source, procfs: str, sleep: Callable[[float], None] = time.sleep
) -> float | None:
    """Return the CPU busy share (0..1) since the previous call for `source` and `procfs`.

    The first call in a process has no previous sample: it takes one, waits
    PRIME_SECONDS and measures over that short window. None if /proc/stat is unreadable
    or no tick passed.
    """
    key = (source.key, procfs)
    if key not in _previous:
        first = _cpu_times(source, procfs)
        if first is None:
            return None
        _previous[key] = first
        sleep(PRIME_SECONDS)
    current = _cpu_times(source, procfs)
    if current is None:
        return None
    previous, _previous[key] = _previous[key], current
    return procstat_linux.used_ratio(previous, current)


def _cpu_times(source: Source, procfs: str) -> CpuTimes | None:
    return procstat_linux.parse_stat(source.read_text(os.path.join(procfs, "stat")) or "").cpu


def parse_loadavg(text: str) -> tuple[float, float, float] | None:
    """Parse /proc/loadavg into the 1, 5 and 15 minute load averages."""
    values = [r for r in (_reading(v) for v in text.split()[:3]) if r is not None]
    return (values[0], values[1], values[2]) if len(values) == 3 else None


def parse_uptime(text: str) -> float | None:
    """Parse /proc/uptime into seconds since boot."""
    return _reading(text.split()[0]) if text.split() else None


def _reading(word: str) -> float | None:
    """Return a count or duration the kernel wrote; None unless finite and not negative
    (NaN would make the report unwritable, a negative value break the schema)."""
    try:
        value = float(word)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def process_count(source: Source, procfs: str) -> int | None:
    """Count the processes: the numeric directories of `procfs`; None if unreadable."""
    names = source.list_dir(procfs)
    return sum(1 for n in names if n.isdigit()) if names else None
