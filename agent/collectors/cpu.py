"""The `cpu` collector: processor model, vendor, cores and maximum frequency (hertz)."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from typing import Any

from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source
from agent.paths import PathsConfig

VENDORS = {
    "GenuineIntel": "Intel",
    "AuthenticAMD": "AMD",
    "HygonGenuine": "Hygon",
    "CentaurHauls": "Centaur",
    "Shanghai": "Zhaoxin",
}
ARM_IMPLEMENTERS = {
    0x41: "ARM", 0x42: "Broadcom", 0x43: "Cavium", 0x46: "Fujitsu", 0x48: "HiSilicon",
    0x4E: "NVIDIA", 0x50: "Applied Micro", 0x51: "Qualcomm", 0x53: "Samsung",
    0x56: "Marvell", 0x61: "Apple", 0x69: "Intel", 0xC0: "Ampere",
}  # fmt: skip
ARM_PARTS = {
    0xD03: "Cortex-A53", 0xD04: "Cortex-A35", 0xD05: "Cortex-A55", 0xD07: "Cortex-A57",
    0xD08: "Cortex-A72", 0xD09: "Cortex-A73", 0xD0B: "Cortex-A76", 0xD0C: "Neoverse-N1",
    0xD40: "Neoverse-V1", 0xD49: "Neoverse-N2",
}  # fmt: skip
_GHZ = re.compile(r"@\s*([0-9]+(?:\.[0-9]+)?)\s*GHz", re.IGNORECASE)


@dataclass(frozen=True)
class Cpu:
    """The processor as the report describes it; frequency in hertz."""

    model: str | None
    vendor: str | None
    physical_cores: int | None
    logical_cores: int | None
    max_frequency_hertz: int | None


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Describe this machine's processor."""
    return dataclasses.asdict(read_cpu(ctx.source, ctx.paths))


collect = collector(
    "cpu",
    linux=collect_linux,
    win32="agent.collectors.cpu_windows:collect",
)


def read_cpu(source: Source, paths: PathsConfig) -> Cpu:
    """Read /proc/cpuinfo and cpufreq; fill missing core counts from the sysfs topology."""
    cpu = parse_cpuinfo(source.read_text(os.path.join(paths.procfs, "cpuinfo")) or "")
    max_khz = source.read_int(
        os.path.join(paths.sysfs, "devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
    )
    if cpu.physical_cores is None or cpu.logical_cores is None:  # ARM: no core ids
        physical, logical = topology_cores(source, paths.sysfs)
        cpu = dataclasses.replace(
            cpu,
            physical_cores=cpu.physical_cores or physical,
            logical_cores=cpu.logical_cores or logical,
        )
    return dataclasses.replace(
        cpu,
        max_frequency_hertz=max_khz * 1000 if max_khz else cpu.max_frequency_hertz,
    )


def topology_cores(source: Source, sysfs: str) -> tuple[int | None, int | None]:
    """Count cores in sysfs (ARM's cpuinfo has no core ids): distinct (package, core), CPUs."""
    root = os.path.join(sysfs, "devices/system/cpu")
    cores, cpus = set(), 0
    for name in source.list_dir(root):
        if not (name.startswith("cpu") and name[3:].isdigit()):
            continue
        cpus += 1
        topology = os.path.join(root, name, "topology")
        package = source.read_int(os.path.join(topology, "physical_package_id"))
        core = source.read_int(os.path.join(topology, "core_id"))
        if core is not None:
            cores.add((package, core))
    return len(cores) or None, cpus or None


def parse_cpuinfo(text: str) -> Cpu:
    """Parse /proc/cpuinfo; physical cores are distinct (physical id, core id) pairs."""
    blocks = _blocks(text)
    facts: dict[str, str] = {}
    for block in blocks:
        facts = {**block, **facts}  # the first processor's value wins
    model = facts.get("model name") or facts.get("Processor") or facts.get("cpu model")
    pairs = {
        (b["physical id"], b["core id"]) for b in blocks if "physical id" in b and "core id" in b
    }
    logical = sum(1 for b in blocks if "processor" in b)
    return Cpu(
        model=model or _arm_part(facts),
        vendor=_vendor(facts),
        physical_cores=len(pairs) or None,
        logical_cores=logical or None,
        max_frequency_hertz=_model_hertz(model),
    )


def _blocks(text: str) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = [{}]
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not line.strip():
            blocks.append({})
        elif sep:
            blocks[-1].setdefault(key.strip(), value.strip())
    return [b for b in blocks if b]


def _vendor(facts: dict[str, str]) -> str | None:
    if "vendor_id" in facts:
        return VENDORS.get(facts["vendor_id"], facts["vendor_id"]) or None
    implementer = _hex(facts.get("CPU implementer"))
    return ARM_IMPLEMENTERS.get(implementer) if implementer is not None else None


def _arm_part(facts: dict[str, str]) -> str | None:
    part = _hex(facts.get("CPU part"))
    if _hex(facts.get("CPU implementer")) != 0x41 or part is None:
        return None
    return ARM_PARTS.get(part)


def _hex(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None


def _model_hertz(model: str | None) -> int | None:
    match = _GHZ.search(model or "")
    return round(float(match.group(1)) * 1e9) if match else None
