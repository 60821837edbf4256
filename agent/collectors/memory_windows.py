"""The `memory` collector on Windows: psutil's GlobalMemoryStatusEx and page-file figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psutil

from agent.collectors.registry import Context

Sample = dict[str, Any]


def read_memory() -> Sample:
    """Read psutil's virtual and swap memory as plain dicts (bytes)."""
    return {
        "virtual_memory": psutil.virtual_memory()._asdict(),
        "swap_memory": psutil.swap_memory()._asdict(),
    }


def parse_memory(sample: Sample) -> dict[str, Any]:
    """Map psutil's memory figures to the report's `hardware.memory` object (bytes)."""
    vm, swap = sample["virtual_memory"], sample["swap_memory"]
    return {
        "total_bytes": int(vm["total"]),
        "available_bytes": int(vm["available"]),
        # psutil derives Windows "swap" from the commit limit minus RAM: the page files
        "swap_total_bytes": max(int(swap["total"]), 0),
        "swap_free_bytes": max(int(swap["free"]), 0),
    }


def collect(ctx: Context, read: Callable[[], Sample] = read_memory) -> dict[str, Any]:
    """Read memory through psutil and return the report's `hardware.memory` object."""
    return parse_memory(read())
