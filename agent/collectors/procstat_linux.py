"""Parse /proc/stat: the boot time (unix seconds) and the aggregate CPU time counters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CpuTimes:
    """Aggregate CPU time since boot, in clock ticks: busy and total."""

    busy_ticks: int
    total_ticks: int


@dataclass(frozen=True)
class ProcStat:
    """What the agent uses from /proc/stat; None where the line is missing."""

    boot_time_seconds: int | None
    cpu: CpuTimes | None


def parse_stat(text: str) -> ProcStat:
    """Parse /proc/stat's `btime` line and its first `cpu` line."""
    boot: int | None = None
    cpu: CpuTimes | None = None
    for line in text.splitlines():
        key, *values = line.split() or [""]
        if key == "btime" and values and values[0].isdigit():
            boot = int(values[0])
        elif key == "cpu" and cpu is None:
            cpu = _cpu_times(values)
    return ProcStat(boot, cpu)


def _cpu_times(values: list[str]) -> CpuTimes | None:
    # user nice system idle iowait irq softirq steal [guest guest_nice: already in user]
    try:
        ticks = [int(v) for v in values[:8]]
    except ValueError:
        return None
    if len(ticks) < 4:
        return None
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    total = sum(ticks)
    return CpuTimes(busy_ticks=total - idle, total_ticks=total)


def used_ratio(previous: CpuTimes, current: CpuTimes) -> float | None:
    """Return the busy share of CPU time between two samples; None if no time passed."""
    total = current.total_ticks - previous.total_ticks
    busy = current.busy_ticks - previous.busy_ticks
    if total <= 0 or busy < 0:
        return None  # no tick elapsed, or the counters were reset
    return min(1.0, busy / total)
