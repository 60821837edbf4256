"""Temperatures and the battery from sysfs: hwmon, thermal zones and power_supply.

The same files psutil's sensors_temperatures() and sensors_battery() read on Linux, read
here directly: the agent keeps psutil off its Linux path (see architecture.md, "Agent
memory").
"""

from __future__ import annotations

import math
import os
from typing import Any

from agent.collectors.source_linux import Source

_COLDEST_CELSIUS, _HOTTEST_CELSIUS = -40.0, 150.0  # outside: a sensor reporting nonsense


def read_temperatures(source: Source, sysfs: str) -> list[dict[str, Any]]:
    """List every plausible temperature (Celsius): hwmon chips, else ACPI thermal zones."""
    found = _hwmon_temperatures(source, os.path.join(sysfs, "class/hwmon"))
    if not found:
        found = _thermal_zone_temperatures(source, os.path.join(sysfs, "class/thermal"))
    return [entry for entry in found if _plausible_celsius(entry["celsius"])]


def _hwmon_temperatures(source: Source, root: str) -> list[dict[str, Any]]:
    found = []
    for chip in source.list_dir(root):
        chip_name = source.read_value(os.path.join(root, chip, "name"))
        device = os.path.join(root, chip, "device")  # older drivers put their files here
        device_name = source.read_value(os.path.join(device, "name")) or chip_name
        folders = ((os.path.join(root, chip), chip_name), (device, device_name))
        for folder, sensor in folders:
            inputs = sorted(f for f in source.list_dir(folder) if _is_temp_input(f))
            for name in inputs:
                base = os.path.join(folder, name[: -len("_input")])
                millis = source.read_int(base + "_input")
                if sensor is None or millis is None:
                    continue
                label = source.read_value(base + "_label") or None
                found.append({"sensor": sensor, "label": label, "celsius": millis / 1000})
    return found


def _is_temp_input(name: str) -> bool:
    return name.startswith("temp") and name.endswith("_input") and name[4:-6].isdigit()


def _thermal_zone_temperatures(source: Source, root: str) -> list[dict[str, Any]]:
    found = []
    for zone in source.list_dir(root):
        if not zone.startswith("thermal_zone"):
            continue
        millis = source.read_int(os.path.join(root, zone, "temp"))
        sensor = source.read_value(os.path.join(root, zone, "type"))
        if millis is not None and sensor:
            found.append({"sensor": sensor, "label": None, "celsius": millis / 1000})
    return found


def _plausible_celsius(value: Any) -> bool:
    """Tell whether `value` is a temperature a working sensor could report."""
    return (
        isinstance(value, int | float)
        and math.isfinite(value)
        and (_COLDEST_CELSIUS <= value <= _HOTTEST_CELSIUS)
    )


# A battery counts its charge either as energy (µWh, drawn in µW) or as charge (µAh, drawn in
# µA); a time left divides a level by the draw of the same kind.
_COUNTERS = (
    ("energy_now", "energy_full", "power_now"),
    ("charge_now", "charge_full", "current_now"),
)


def read_battery(source: Source, sysfs: str) -> dict[str, Any] | None:
    """Return the machine's battery: charge (ratio), mains state and time left; None if none.

    Batteries of `scope` Device (a wireless mouse's or keyboard's) are not the machine's.
    """
    root = os.path.join(sysfs, "class/power_supply")
    supplies = {
        name: source.read_value(os.path.join(root, name, "type")) for name in source.list_dir(root)
    }
    batteries = [
        name
        for name, kind in supplies.items()
        if kind == "Battery" and source.read_value(os.path.join(root, name, "scope")) != "Device"
    ]
    if not batteries:
        return None
    battery = os.path.join(root, batteries[0])
    level, full, draw = _counters(source, battery)
    if level is not None and full:
        ratio = level / full
    else:
        capacity = source.read_int(os.path.join(battery, "capacity"))
        if capacity is None:
            return None
        ratio = capacity / 100
    plugged = _plugged(source, root, supplies, battery)
    return {
        "charge_ratio": min(1.0, max(0.0, ratio)),
        "plugged": plugged,
        "seconds_left": None if plugged else _seconds_left(source, battery, level, draw),
    }


def _counters(source: Source, battery: str) -> tuple[int | None, int | None, int | None]:
    """Return (level now, level when full, draw) of the first counter kind the battery has."""
    for now_name, full_name, draw_name in _COUNTERS:
        level = source.read_int(os.path.join(battery, now_name))
        if level is not None:
            full = source.read_int(os.path.join(battery, full_name))
            return level, full, source.read_int(os.path.join(battery, draw_name))
    return None, None, None


def _plugged(
    source: Source, root: str, supplies: dict[str, str | None], battery: str
) -> bool | None:
    """Mains online, from the adapter if there is one, else from the battery's status."""
    adapters = [name for name, kind in supplies.items() if kind == "Mains"]
    online = [source.read_int(os.path.join(root, name, "online")) for name in adapters]
    known = [state for state in online if state is not None]
    if known:
        return any(state == 1 for state in known)
    status = (source.read_value(os.path.join(battery, "status")) or "").lower()
    if status == "discharging":
        return False
    if status in ("charging", "full"):
        return True
    return None


def _seconds_left(
    source: Source, battery: str, level: int | None, draw: int | None
) -> float | None:
    # Some drivers report the draw while discharging as a negative current: its size counts.
    if level is not None and draw:
        return level / abs(draw) * 3600
    seconds = source.read_int(os.path.join(battery, "time_to_empty_now"))  # seconds (sysfs ABI)
    return float(seconds) if seconds is not None and seconds >= 0 else None
