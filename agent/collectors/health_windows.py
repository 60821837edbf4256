"""The `health` collector on Windows: psutil's load, memory, volumes and battery.

Temperatures stay empty: MSAcpi_ThermalZoneTemperature needs an administrator, exists on
few machines and reports a fixed ACPI trip value on many. psutil emulates the load average
on Windows from the processor queue length, starting at its first call (so 0 at first).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psutil

from agent.collectors import disks_windows
from agent.collectors.registry import Context

CPU_SAMPLE_SECONDS = 0.25
_primed = False

Sample = dict[str, Any]


def _cpu_percent() -> float:
    """Return CPU use since the previous call, sampling briefly on the first one."""
    global _primed
    interval = None if _primed else CPU_SAMPLE_SECONDS
    _primed = True
    return psutil.cpu_percent(interval=interval)


def read_health(now: Callable[[], float] = time.time) -> Sample:
    """Read psutil's health figures (percent, bytes, epoch seconds) as plain data."""
    battery = psutil.sensors_battery()
    swap = psutil.swap_memory()
    return {
        "cpu_percent": _cpu_percent(),
        "memory_percent": psutil.virtual_memory().percent,
        "swap_total": swap.total,
        "swap_percent": swap.percent,
        "loadavg": list(psutil.getloadavg()),
        "boot_time": psutil.boot_time(),
        "now": now(),
        "process_count": len(psutil.pids()),
        "filesystems": disks_windows.read_filesystems(),
        "battery": battery._asdict() if battery is not None else None,
    }


def ratio(percent: float | None) -> float | None:
    """Turn a percentage into a 0..1 ratio, clamped; None stays None."""
    return None if percent is None else min(max(percent / 100.0, 0.0), 1.0)


def parse_battery(battery: Sample | None) -> dict[str, Any] | None:
    """Map psutil's battery (percent, secsleft, power_plugged) to the report's battery."""
    if battery is None:
        return None
    seconds = battery.get("secsleft")
    # psutil: -1 unknown, -2 unlimited (on mains); both are "no estimate"
    left = float(seconds) if isinstance(seconds, int | float) and seconds >= 0 else None
    return {
        "charge_ratio": ratio(battery["percent"]),
        "plugged": battery.get("power_plugged"),
        "seconds_left": left,
    }


def parse_filesystems(samples: list[Sample]) -> list[dict[str, Any]]:
    """Map fixed volumes to `health.filesystems` entries (used ratio, free bytes)."""
    return [
        {
            "mount": s["mountpoint"],
            "used_ratio": min(s["used"] / s["total"], 1.0) if s["total"] else 0.0,
            "free_bytes": int(s["free"]),
        }
        for s in disks_windows.local_volumes(samples)
    ]


def parse_health(sample: Sample) -> dict[str, Any]:
    """Map a psutil health sample to the report's `health` object."""
    load = sample.get("loadavg") or [None, None, None]
    return {
        "cpu_used_ratio": ratio(sample.get("cpu_percent")),
        "memory_used_ratio": ratio(sample.get("memory_percent")),
        "swap_used_ratio": ratio(sample["swap_percent"]) if sample.get("swap_total") else None,
        "load1": load[0],
        "load5": load[1],
        "load15": load[2],
        "uptime_seconds": max(sample["now"] - sample["boot_time"], 0.0),
        "process_count": sample.get("process_count"),
        "filesystems": parse_filesystems(sample["filesystems"]),
        "temperatures": [],
        "battery": parse_battery(sample.get("battery")),
    }


def collect(ctx: Context, read: Callable[[], Sample] = read_health) -> dict[str, Any]:
    """Read psutil and return the report's `health` object."""
    return parse_health(read())
