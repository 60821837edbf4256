"""The health collector: CPU deltas, load, uptime, sensors, battery, the fake machines."""

from __future__ import annotations

import math
from typing import NamedTuple

import pytest

from agent.collectors import health, health_linux, procstat_linux
from agent.collectors.procstat_linux import CpuTimes


class Temp(NamedTuple):
    """The shape of psutil's shwtemp."""

    label: str
    current: float
    high: float | None = None
    critical: float | None = None


class Battery(NamedTuple):
    """The shape of psutil's sbattery."""

    percent: float
    secsleft: int
    power_plugged: bool | None


def _stat(busy: int, idle: int) -> str:
    # user nice system idle iowait irq softirq steal guest guest_nice
    return f"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\ncpu0 {busy} 0 0 {idle} 0 0 0 0 0 0\n"


def test_cpu_times_count_iowait_as_idle_and_steal_as_busy() -> None:
    stat = procstat_linux.parse_stat("cpu  100 10 50 800 40 0 0 0 0 0\n")
    assert stat.cpu == CpuTimes(busy_ticks=160, total_ticks=1000)
    stat = procstat_linux.parse_stat("cpu  100 0 0 800 0 0 0 100 0 0\n")
    assert stat.cpu == CpuTimes(busy_ticks=200, total_ticks=1000)


def test_used_ratio_between_samples() -> None:
    assert procstat_linux.used_ratio(CpuTimes(100, 1000), CpuTimes(175, 1100)) == 0.75
    assert procstat_linux.used_ratio(CpuTimes(100, 1000), CpuTimes(100, 1000)) is None
    assert procstat_linux.used_ratio(CpuTimes(100, 1000), CpuTimes(10, 50)) is None  # reset


def test_cpu_used_ratio_primes_once_then_measures_since_the_last_call(tmp_path) -> None:
    stat = tmp_path / "stat"
    stat.write_text(_stat(busy=1000, idle=9000))
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        stat.write_text(_stat(busy=1030, idle=9070))  # 30 of 100 ticks busy

    assert health_linux.cpu_used_ratio(str(tmp_path), sleep) == pytest.approx(0.3)
    stat.write_text(_stat(busy=1130, idle=9070))  # 100 of 100 busy
    assert health_linux.cpu_used_ratio(str(tmp_path), sleep) == pytest.approx(1.0)
    assert waits == [health_linux.PRIME_SECONDS]


def test_cpu_used_ratio_without_proc_stat_is_null(tmp_path) -> None:
    assert health_linux.cpu_used_ratio(str(tmp_path / "nowhere"), lambda s: None) is None


def test_loadavg_and_uptime() -> None:
    assert health_linux.parse_loadavg("0.52 0.48 0.40 2/345 12345\n") == (0.52, 0.48, 0.40)
    assert health_linux.parse_loadavg("") is None
    assert health_linux.parse_uptime("86400.12 300000.00\n") == 86400.12
    assert health_linux.parse_uptime("") is None


def test_temperatures_drop_nonsense_readings() -> None:
    table = {
        "coretemp": [Temp("Package id 0", 54.0), Temp("", 51.0)],
        "acpitz": [Temp("", math.nan), Temp("", -273.0)],
    }
    assert health.temperatures_from(table) == [
        {"sensor": "coretemp", "label": "Package id 0", "celsius": 54.0},
        {"sensor": "coretemp", "label": None, "celsius": 51.0},
    ]


@pytest.mark.parametrize(
    ("battery", "expected"),
    [
        (
            Battery(85.0, 7200, False),
            {"charge_ratio": 0.85, "plugged": False, "seconds_left": 7200.0},
        ),
        (Battery(100.0, -2, True), {"charge_ratio": 1.0, "plugged": True, "seconds_left": None}),
        (Battery(40.0, -1, None), {"charge_ratio": 0.4, "plugged": None, "seconds_left": None}),
        (None, None),
    ],
)
def test_battery(battery, expected) -> None:
    assert health.battery_from(battery) == expected


def _read(paths, usage, temps=None, battery=None):
    return health.read_health(paths, usage, lambda: temps or {}, lambda: battery)


def test_desktop(tree, usage, validate_section) -> None:
    value = _read(tree("desktop"), usage)
    validate_section("health", value)
    assert value["memory_used_ratio"] == pytest.approx(1 - 5123456 / 8049428)
    assert value["swap_used_ratio"] == pytest.approx(0.5, abs=1e-6)
    assert (value["load1"], value["load5"], value["load15"]) == (0.52, 0.48, 0.40)
    assert (value["uptime_seconds"], value["process_count"]) == (86400.12, 3)
    assert value["filesystems"] == [
        {"mount": "/", "used_ratio": pytest.approx(60 / 85), "free_bytes": 25 * 2**30},
        {"mount": "/srv/ho so", "used_ratio": pytest.approx(60 / 85), "free_bytes": 25 * 2**30},
    ]
    assert (value["temperatures"], value["battery"]) == ([], None)


def test_laptop_on_battery_without_swap(tree, usage, validate_section) -> None:
    temps = {"k10temp": [Temp("Tctl", 61.5)]}
    value = _read(tree("laptop"), usage, temps, Battery(72.0, 5400, False))
    validate_section("health", value)
    assert value["swap_used_ratio"] is None
    assert value["battery"] == {"charge_ratio": 0.72, "plugged": False, "seconds_left": 5400.0}
    assert value["temperatures"] == [{"sensor": "k10temp", "label": "Tctl", "celsius": 61.5}]


def test_vm(tree, usage, validate_section) -> None:
    value = _read(tree("vm"), usage)
    validate_section("health", value)
    assert value["memory_used_ratio"] == pytest.approx(0.75)
    assert [f["mount"] for f in value["filesystems"]] == ["/"]


def test_this_machine(this_machine) -> None:
    value = this_machine(health.collect, "health")
    if value is not None:
        assert value["uptime_seconds"] > 0
        assert value["cpu_used_ratio"] is None or 0 <= value["cpu_used_ratio"] <= 1
