"""memory on Windows: psutil's figures mapped to bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.collectors import memory_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def test_desktop_memory(recorded: Callable[[str], Any]) -> None:
    memory = memory_windows.collect(WIN, read=recorded("win10-pro-desktop").reader("memory"))
    assert memory == {
        "total_bytes": 4185706496,
        "available_bytes": 903946240,
        "swap_total_bytes": 2818572288,
        "swap_free_bytes": 1826434843,
    }


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    memory = memory_windows.collect(WIN, read=scenario.reader("memory"))
    validate_section("hardware.memory", memory)


def test_live_psutil_read_fits_the_schema(validate_section: Callable[[str, Any], None]) -> None:
    validate_section("hardware.memory", memory_windows.parse_memory(memory_windows.read_memory()))
