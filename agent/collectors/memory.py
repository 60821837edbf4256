"""The `memory` collector: installed, available and swap memory, in bytes."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source
from agent.errors import AgentError


@dataclass(frozen=True)
class Memory:
    """Memory sizes in bytes, as /proc/meminfo states them."""

    total_bytes: int
    available_bytes: int
    swap_total_bytes: int
    swap_free_bytes: int


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Describe this machine's memory."""
    return dataclasses.asdict(read_memory(ctx.source, ctx.paths.procfs))


collect = collector(
    "memory",
    linux=collect_linux,
    win32="agent.collectors.memory_windows:collect",
)


def read_memory(source: Source, procfs: str) -> Memory:
    """Read /proc/meminfo under `procfs`; raise AgentError if it gives no MemTotal."""
    path = os.path.join(procfs, "meminfo")
    memory = memory_from(parse_meminfo(source.read_text(path) or ""))
    if memory is None:
        raise AgentError(f"{path}: unreadable or without MemTotal")
    return memory


def parse_meminfo(text: str) -> dict[str, int]:
    """Parse /proc/meminfo into bytes by field name ("kB" values are KiB)."""
    fields: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if not parts or not parts[0].isdigit():
            continue
        unit = 1024 if parts[1:] == ["kB"] else 1
        fields[key.strip()] = int(parts[0]) * unit
    return fields


def memory_from(fields: dict[str, int]) -> Memory | None:
    """Build Memory from meminfo fields; None without MemTotal.

    Kernels before 3.14 have no MemAvailable: MemFree + Buffers + Cached stands in.
    """
    if "MemTotal" not in fields:
        return None
    available = fields.get("MemAvailable")
    if available is None:
        available = sum(fields.get(k, 0) for k in ("MemFree", "Buffers", "Cached"))
    return Memory(
        total_bytes=fields["MemTotal"],
        available_bytes=min(available, fields["MemTotal"]),
        swap_total_bytes=fields.get("SwapTotal", 0),
        swap_free_bytes=fields.get("SwapFree", 0),
    )
