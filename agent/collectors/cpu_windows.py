"""The `cpu` collector on Windows: Win32_Processor, one record per socket."""

from __future__ import annotations

from typing import Any

from agent.collectors import cim
from agent.collectors.cpu import VENDORS
from agent.collectors.registry import Context

QUERIES = {
    "win32_processor": "Get-CimInstance -ClassName Win32_Processor | Select-Object "
    "Name,Manufacturer,NumberOfCores,NumberOfLogicalProcessors,MaxClockSpeed",
}
# Each property's CIM type: a value of another type is read as unknown (cim.typed).
TYPES: dict[str, cim.Types] = {
    "win32_processor": {
        "Name": str,
        "Manufacturer": str,
        "NumberOfCores": int,
        "NumberOfLogicalProcessors": int,
        "MaxClockSpeed": int,
    },
}


def vendor(manufacturer: str | None) -> str | None:
    """Turn the CPUID vendor string (GenuineIntel) into a company name (Intel)."""
    if not manufacturer or not manufacturer.strip():
        return None
    return VENDORS.get(manufacturer.strip(), manufacturer.strip())


def _total(records: list[cim.Record], key: str) -> int | None:
    counts = [r.get(key) for r in records]
    if not counts or any(not isinstance(c, int) or c < 0 for c in counts):
        return None
    return sum(c for c in counts if isinstance(c, int))


def parse_processors(records: list[cim.Record]) -> dict[str, Any]:
    """Summarise Win32_Processor records: model of the first socket, cores summed, Hz."""
    first = records[0] if records else {}
    name = " ".join(str(first.get("Name") or "").split()) or None
    speeds = [r.get("MaxClockSpeed") for r in records]
    mhz = max((s for s in speeds if isinstance(s, int) and s > 0), default=None)  # -1: unknown
    return {
        "model": name,
        "vendor": vendor(first.get("Manufacturer")),
        "physical_cores": _total(records, "NumberOfCores"),
        "logical_cores": _total(records, "NumberOfLogicalProcessors"),
        "max_frequency_hertz": float(mhz) * 1e6 if mhz else None,
    }


def collect(ctx: Context, query: cim.Query = cim.query) -> dict[str, Any]:
    """Read Win32_Processor and return the report's `hardware.cpu` object."""
    return parse_processors(cim.typed(query(QUERIES["win32_processor"]), TYPES["win32_processor"]))
