"""The health collector: CPU deltas, load, uptime, sensors, battery, the fake machines."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.collectors import health, health_linux, procstat_linux, sensors_linux
from agent.collectors.kernelfiles_linux import LOCAL
from agent.collectors.procstat_linux import CpuTimes


def _sysfs(root: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + "\n")
    return str(root)


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

    assert health_linux.cpu_used_ratio(LOCAL, str(tmp_path), sleep) == pytest.approx(0.3)
    stat.write_text(_stat(busy=1130, idle=9070))  # 100 of 100 busy
    assert health_linux.cpu_used_ratio(LOCAL, str(tmp_path), sleep) == pytest.approx(1.0)
    assert waits == [health_linux.PRIME_SECONDS]


def test_cpu_used_ratio_without_proc_stat_is_null(tmp_path) -> None:
    assert health_linux.cpu_used_ratio(LOCAL, str(tmp_path / "nowhere"), lambda s: None) is None


def test_loadavg_and_uptime() -> None:
    assert health_linux.parse_loadavg("0.52 0.48 0.40 2/345 12345\n") == (0.52, 0.48, 0.40)
    assert health_linux.parse_loadavg("") is None
    assert health_linux.parse_uptime("86400.12 300000.00\n") == 86400.12
    assert health_linux.parse_uptime("") is None


@pytest.mark.parametrize("bad", ["-1", "nan", "inf", "-inf", "1e999"])
def test_a_negative_or_non_finite_load_or_uptime_is_unknown(bad: str) -> None:
    # NaN would make the report unwritable (JSON has none), a negative load fail its schema
    assert health_linux.parse_loadavg(f"0.5 {bad} 0.4 2/345 12345\n") is None
    assert health_linux.parse_uptime(f"{bad} 300000.00\n") is None


def test_temperatures_come_from_hwmon_and_drop_nonsense(tree) -> None:
    assert sensors_linux.read_temperatures(LOCAL, tree("desktop").sysfs) == [
        {"sensor": "coretemp", "label": "Package id 0", "celsius": 54.0},
        {"sensor": "coretemp", "label": None, "celsius": 51.0},
        # hwmon1's acpitz reads -273 C: dropped; the thermal zone is not read beside hwmon
        {"sensor": "nct6775", "label": "SYSTIN", "celsius": 38.5},
    ]


def test_without_hwmon_the_thermal_zones_stand_in(tree) -> None:
    assert sensors_linux.read_temperatures(LOCAL, tree("laptop").sysfs) == [
        {"sensor": "acpitz", "label": None, "celsius": 61.5}
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # charge counters (µAh, µA) instead of energy ones; no adapter: status decides
            {"BAT1/type": "Battery", "BAT1/status": "Discharging", "BAT1/charge_now": "2000000",
             "BAT1/charge_full": "4000000", "BAT1/current_now": "1000000"},
            {"charge_ratio": 0.5, "plugged": False, "seconds_left": 7200.0},
        ),
        (  # on mains: no time left to estimate, whatever the battery says
            {"ADP1/type": "Mains", "ADP1/online": "1", "BAT0/type": "Battery",
             "BAT0/status": "Not charging", "BAT0/capacity": "100"},
            {"charge_ratio": 1.0, "plugged": True, "seconds_left": None},
        ),
        (  # only a capacity and the kernel's own estimate (seconds)
            {"BAT0/type": "Battery", "BAT0/status": "Unknown", "BAT0/capacity": "40",
             "BAT0/time_to_empty_now": "1800"},
            {"charge_ratio": 0.4, "plugged": None, "seconds_left": 1800.0},
        ),
        (  # a driver that reports the current drawn as negative while discharging
            {"BAT0/type": "Battery", "BAT0/status": "Discharging", "BAT0/charge_now": "3000000",
             "BAT0/charge_full": "6000000", "BAT0/current_now": "-1500000"},
            {"charge_ratio": 0.5, "plugged": False, "seconds_left": 7200.0},
        ),
        (  # energy counters without a power reading: no mixing with another kind's draw
            {"BAT0/type": "Battery", "BAT0/status": "Discharging", "BAT0/energy_now": "20000000",
             "BAT0/energy_full": "40000000", "BAT0/current_now": "1000000"},
            {"charge_ratio": 0.5, "plugged": False, "seconds_left": None},
        ),
        (  # a wireless mouse's battery is not the machine's
            {"hidpp_battery_0/type": "Battery", "hidpp_battery_0/scope": "Device",
             "hidpp_battery_0/capacity": "30", "hidpp_battery_0/status": "Discharging"},
            None,
        ),
        ({"hidpp_battery_0/type": "Battery"}, None),  # a battery without a charge
        ({"AC/type": "Mains", "AC/online": "1"}, None),  # a desktop: mains, no battery
    ],
)  # fmt: skip
def test_battery(tmp_path, files, expected) -> None:
    sysfs = _sysfs(tmp_path, {f"class/power_supply/{k}": v for k, v in files.items()})
    assert sensors_linux.read_battery(LOCAL, sysfs) == expected


def test_desktop(tree, usage, validate_section) -> None:
    value = health.read_health(LOCAL, tree("desktop"), usage)
    validate_section("health", value)
    assert value["memory_used_ratio"] == pytest.approx(1 - 5123456 / 8049428)
    assert value["swap_used_ratio"] == pytest.approx(0.5, abs=1e-6)
    assert (value["load1"], value["load5"], value["load15"]) == (0.52, 0.48, 0.40)
    assert (value["uptime_seconds"], value["process_count"]) == (86400.12, 3)
    assert value["filesystems"] == [
        {"mount": "/", "used_ratio": pytest.approx(60 / 85), "free_bytes": 25 * 2**30},
        {"mount": "/srv/ho so", "used_ratio": pytest.approx(60 / 85), "free_bytes": 25 * 2**30},
    ]
    assert [t["sensor"] for t in value["temperatures"]] == ["coretemp", "coretemp", "nct6775"]
    assert value["battery"] is None


def test_laptop_on_battery_without_swap(tree, usage, validate_section) -> None:
    value = health.read_health(LOCAL, tree("laptop"), usage)
    validate_section("health", value)
    assert value["swap_used_ratio"] is None
    assert value["battery"] == {"charge_ratio": 0.72, "plugged": False, "seconds_left": 5400.0}
    assert value["temperatures"] == [{"sensor": "acpitz", "label": None, "celsius": 61.5}]


def test_vm(tree, usage, validate_section) -> None:
    value = health.read_health(LOCAL, tree("vm"), usage)
    validate_section("health", value)
    assert (value["temperatures"], value["battery"]) == ([], None)
    assert value["memory_used_ratio"] == pytest.approx(0.75)
    assert [f["mount"] for f in value["filesystems"]] == ["/"]


def test_this_machine(this_machine) -> None:
    value = this_machine(health.collect, "health")
    if value is not None:
        assert value["uptime_seconds"] > 0
        assert value["cpu_used_ratio"] is None or 0 <= value["cpu_used_ratio"] <= 1
