"""The `health` collector: usage ratios, load, uptime (seconds), temperatures, battery."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import psutil

from agent.collectors import health_linux, memory, mounts_linux
from agent.collectors import kernelfiles_linux as kf
from agent.collectors.registry import Context, collector
from agent.config import PathsConfig
from agent.errors import NotApplicable

TemperatureTable = Mapping[str, Sequence[Any]]  # psutil.sensors_temperatures()
_COLDEST_CELSIUS, _HOTTEST_CELSIUS = -40.0, 150.0  # outside: a sensor reporting nonsense


@collector("health", section="health")
def collect(ctx: Context) -> dict[str, Any]:
    """Measure how this machine is doing now."""
    if ctx.platform == "win32":
        from agent.collectors import health_windows

        return health_windows.collect(ctx)
    if ctx.platform != "linux":
        raise NotApplicable(f"no health reader for platform {ctx.platform}")
    return read_health(ctx.paths)


def read_health(
    paths: PathsConfig,
    usage: mounts_linux.UsageFn = mounts_linux.statvfs_usage,
    temperatures: Callable[[], TemperatureTable] = psutil.sensors_temperatures,
    battery: Callable[[], Any] = psutil.sensors_battery,
) -> dict[str, Any]:
    """Read procfs for load, memory and CPU; psutil for sensors; `usage` for filesystems."""
    mem = memory.memory_from(
        memory.parse_meminfo(kf.read_text(os.path.join(paths.procfs, "meminfo")) or "")
    )
    memory_used, swap_used = used_ratios(mem)
    load = health_linux.parse_loadavg(kf.read_text(os.path.join(paths.procfs, "loadavg")) or "")
    load1, load5, load15 = load or (None, None, None)
    return {
        "cpu_used_ratio": health_linux.cpu_used_ratio(paths.procfs),
        "memory_used_ratio": memory_used,
        "swap_used_ratio": swap_used,
        "load1": load1,
        "load5": load5,
        "load15": load15,
        "uptime_seconds": health_linux.parse_uptime(
            kf.read_text(os.path.join(paths.procfs, "uptime")) or ""
        ),
        "process_count": health_linux.process_count(paths.procfs),
        "filesystems": [
            {"mount": m.mount, "used_ratio": u.used_ratio, "free_bytes": u.free_bytes}
            for m, u in mounts_linux.read_filesystems(paths.procfs, usage)
        ],
        "temperatures": temperatures_from(temperatures()),
        "battery": battery_from(battery()),
    }


def temperatures_from(table: TemperatureTable) -> list[dict[str, Any]]:
    """Turn psutil's sensors_temperatures() into report entries (Celsius), dropping nonsense."""
    return [
        {"sensor": sensor, "label": entry.label or None, "celsius": float(entry.current)}
        for sensor, entries in table.items()
        for entry in entries
        if _plausible_celsius(entry.current)
    ]


def battery_from(battery: Any) -> dict[str, Any] | None:
    """Turn psutil's sensors_battery() into the report's battery (ratio, seconds); None if none."""
    if battery is None:
        return None
    seconds = battery.secsleft
    return {
        "charge_ratio": min(1.0, max(0.0, float(battery.percent) / 100)),
        "plugged": battery.power_plugged,
        # psutil's POWER_TIME_UNLIMITED (-2) and POWER_TIME_UNKNOWN (-1) are below 0
        "seconds_left": float(seconds) if seconds is not None and seconds >= 0 else None,
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


def _plausible_celsius(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and math.isfinite(value)
        and (_COLDEST_CELSIUS <= value <= _HOTTEST_CELSIUS)
    )
