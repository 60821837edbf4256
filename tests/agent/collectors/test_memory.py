"""The memory collector: /proc/meminfo parsing and the fake machines."""

from __future__ import annotations

import pytest

from agent.collectors import memory
from agent.collectors.kernelfiles_linux import LOCAL
from agent.collectors.registry import Context
from agent.errors import AgentError

MEMINFO = """\
MemTotal:        8049428 kB
MemFree:          812344 kB
MemAvailable:    5123456 kB
Buffers:          102400 kB
Cached:          3900000 kB
SwapTotal:       2097148 kB
SwapFree:        1048574 kB
HugePages_Total:       0
"""


def test_kib_become_bytes() -> None:
    fields = memory.parse_meminfo(MEMINFO)
    assert fields["MemTotal"] == 8049428 * 1024
    assert fields["HugePages_Total"] == 0  # a count, not kB


def test_memory_from_meminfo() -> None:
    assert memory.memory_from(memory.parse_meminfo(MEMINFO)) == memory.Memory(
        total_bytes=8049428 * 1024,
        available_bytes=5123456 * 1024,
        swap_total_bytes=2097148 * 1024,
        swap_free_bytes=1048574 * 1024,
    )


def test_old_kernels_without_memavailable_estimate_it() -> None:
    old = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n"
    parsed = memory.memory_from(memory.parse_meminfo(old))
    assert parsed is not None
    assert parsed.available_bytes == 400 * 1024
    assert parsed.swap_total_bytes == 0


def test_without_meminfo_the_collector_fails_with_the_path(tmp_path) -> None:
    with pytest.raises(AgentError, match="meminfo"):
        memory.read_memory(LOCAL, str(tmp_path))


@pytest.mark.parametrize(
    ("scenario", "total_bytes", "swap_total_bytes"),
    [
        ("desktop", 8049428 * 1024, 2097148 * 1024),
        ("laptop", 15728640 * 1024, 0),
        ("vm", 4027584 * 1024, 1048572 * 1024),
    ],
)
def test_fake_machines(tree, validate_section, scenario, total_bytes, swap_total_bytes) -> None:
    value = memory.collect(Context(tree(scenario), "linux"))
    validate_section("hardware.memory", value)
    assert (value["total_bytes"], value["swap_total_bytes"]) == (total_bytes, swap_total_bytes)


def test_this_machine(this_machine) -> None:
    value = this_machine(memory.collect, "hardware.memory")
    assert value is None or 0 < value["available_bytes"] <= value["total_bytes"]
