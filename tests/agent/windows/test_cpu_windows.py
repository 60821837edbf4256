"""cpu on Windows: Win32_Processor records, summed across sockets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.collectors import cpu_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def test_desktop_cpu(recorded: Callable[[str], Any]) -> None:
    cpu = cpu_windows.collect(WIN, query=recorded("win10-pro-desktop").query)
    assert cpu == {
        "model": "Intel(R) Core(TM) i3-4160 CPU @ 3.60GHz",
        "vendor": "Intel",
        "physical_cores": 2,
        "logical_cores": 4,
        "max_frequency_hertz": 3.6e9,
    }


def test_two_sockets_are_summed(recorded: Callable[[str], Any]) -> None:
    cpu = cpu_windows.collect(WIN, query=recorded("server2019-hyperv").query)
    assert (cpu["physical_cores"], cpu["logical_cores"]) == (8, 8)
    assert cpu["max_frequency_hertz"] == 2394e6


def test_vendor_names() -> None:
    assert cpu_windows.vendor("AuthenticAMD") == "AMD"
    assert cpu_windows.vendor("Qualcomm Technologies Inc") == "Qualcomm Technologies Inc"
    assert cpu_windows.vendor("  ") is None


def test_missing_counts_are_null_not_zero() -> None:
    cpu = cpu_windows.parse_processors([{"Name": "  Some   CPU ", "NumberOfCores": None}])
    assert cpu["model"] == "Some CPU"
    assert cpu["physical_cores"] is None
    assert cpu["max_frequency_hertz"] is None


def test_no_processor_records() -> None:
    assert cpu_windows.parse_processors([])["model"] is None


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("hardware.cpu", cpu_windows.collect(WIN, query=scenario.query))


def test_a_negative_core_count_is_unknown() -> None:
    cpu = cpu_windows.parse_processors([{"NumberOfCores": -1, "NumberOfLogicalProcessors": 8}])

    assert (cpu["physical_cores"], cpu["logical_cores"]) == (None, 8)
