"""The `health` collector: usage ratios, load, uptime (seconds), temperatures, battery."""

from __future__ import annotations

import os
from typing import Any

from agent.collectors import health_linux, memory, mounts_linux, sensors_linux
from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source
from agent.paths import PathsConfig


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Measure how this machine is doing now."""
    return read_health(ctx.source, ctx.paths)


collect = collector(
    "health",
    section="health",
    linux=collect_linux,
    win32="agent.collectors.health_windows:collect",
)


def read_health(
    source: Source, paths: PathsConfig, usage: mounts_linux.UsageFn | None = None
) -> dict[str, Any]:
    """Read procfs for load, memory and CPU; sysfs for sensors; `usage` (else the source's
    statvfs) for filesystems."""
    mem = memory.memory_from(
        memory.parse_meminfo(source.read_text(os.path.join(paths.procfs, "meminfo")) or "")
    )
    memory_used, swap_used = used_ratios(mem)
    load = health_linux.parse_loadavg(source.read_text(os.path.join(paths.procfs, "loadavg")) or "")
    load1, load5, load15 = load or (None, None, None)
    return {
        "cpu_used_ratio": health_linux.cpu_used_ratio(source, paths.procfs),
        "memory_used_ratio": memory_used,
        "swap_used_ratio": swap_used,
        "load1": load1,
        "load5": load5,
        "load15": load15,
        "uptime_seconds": health_linux.parse_uptime(
            source.read_text(os.path.join(paths.procfs, "uptime")) or ""
        ),
        "process_count": health_linux.process_count(source, paths.procfs),
        "filesystems": [
            {"mount": m.mount, "used_ratio": u.used_ratio, "free_bytes": u.free_bytes}
            for m, u in mounts_linux.read_filesystems(source, paths.procfs, usage)
        ],
        "temperatures": sensors_linux.read_temperatures(source, paths.sysfs),
        "battery": sensors_linux.read_battery(source, paths.sysfs),
    }


def used_ratios(mem: memory.Memory | None) -> tuple[float | None, float | None]:
    """Return the used share (0..1) of memory and of swap; None where there is none."""
    if mem is None:
        return None, None
    return (
        _ratio(mem.total_bytes - mem.available_bytes, mem.total_bytes),
        _ratio(mem.swap_total_bytes - mem.swap_free_bytes, mem.swap_total_bytes),
    )


def _ratio(part: int, whole: int) -> float | None:
    return min(1.0, max(0.0, part / whole)) if whole > 0 else None
