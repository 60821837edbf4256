"""health on Windows: psutil's figures as ratios, seconds and bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from agent.collectors import health_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def test_desktop_health(recorded: Callable[[str], Any]) -> None:
    health = health_windows.collect(WIN, read=recorded("win10-pro-desktop").reader("health"))
    assert health["cpu_used_ratio"] == pytest.approx(0.235)
    assert health["memory_used_ratio"] == pytest.approx(0.784)
    assert health["swap_used_ratio"] == pytest.approx(0.352)
    assert (health["load1"], health["load5"], health["load15"]) == (1.12, 0.98, 0.91)
    assert health["uptime_seconds"] == 91075.0
    assert health["process_count"] == 163
    assert [f["mount"] for f in health["filesystems"]] == ["C:\\", "D:\\"]
    assert health["filesystems"][0]["used_ratio"] == pytest.approx(1 - 48318382080 / 214747312128)
    assert (health["temperatures"], health["battery"]) == ([], None)


def test_laptop_on_battery(recorded: Callable[[str], Any]) -> None:
    health = health_windows.collect(WIN, read=recorded("win11-laptop-vi").reader("health"))
    assert health["battery"] == {"charge_ratio": 0.76, "plugged": False, "seconds_left": 9120.0}


def test_no_page_file_means_no_swap_ratio() -> None:
    sample = {"swap_total": 0, "swap_percent": 0.0, "now": 10.0, "boot_time": 0.0}
    assert health_windows.parse_health({**sample, "filesystems": []})["swap_used_ratio"] is None


def test_plugged_in_battery_has_no_estimate() -> None:
    battery = {"percent": 100, "secsleft": -2, "power_plugged": True}
    assert health_windows.parse_battery(battery) == {
        "charge_ratio": 1.0,
        "plugged": True,
        "seconds_left": None,
    }


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("health", health_windows.collect(WIN, read=scenario.reader("health")))


def test_live_psutil_read_fits_the_schema(validate_section: Callable[[str, Any], None]) -> None:
    validate_section("health", health_windows.parse_health(health_windows.read_health()))
