"""The collector's in-memory current state: a compact projection of each machine's latest report.

Only what metrics, readiness and the reinvestment list need is kept (named tuples, interned
strings), so 100,000 machines fit in a few hundred megabytes. The durable truth is the
store; this is rebuilt from it at start-up. Named tuples, not frozen dataclasses: as
immutable, and cheaper to build on every report (bench/ingest/stages.py).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from inventory.model import Inventory
from standard import facts
from standard.finding import Finding
from standard.probe_state import ProbeState, probe_state


class MachineState(NamedTuple):
    """What the collector keeps in memory about one machine (agent)."""

    agent_id: str
    ward: str
    role: str
    hostname: str
    os_name: str
    os_id: str
    os_version: str
    cpu_model: str
    cpu_physical_cores: int | None
    memory_total_bytes: int | None
    system_disk_kind: str | None
    nic_speed_bits_per_second: int | None
    bios_date: str | None
    cpu_used_ratio: float | None
    memory_used_ratio: float | None
    collected_at_seconds: float  # agent clock, unix seconds
    received_at_seconds: float  # collector clock, unix seconds
    seq: int
    probes: tuple[ProbeState, ...]
    findings: tuple[Finding, ...]
    clone_suspected: bool = False
    asset_tag: str | None = None

    @property
    def compliant(self) -> bool:
        """Tell whether the machine meets the standard (no critical or warning finding)."""
        return not any(f.severity != "info" for f in self.findings)

    def findings_of(self, finding_class: str) -> int:
        """Count findings of `finding_class` ("hardware" or "operational")."""
        return sum(1 for f in self.findings if f.finding_class == finding_class)

    @property
    def cost_vnd(self) -> int:
        """Estimate the reinvestment this machine needs, in đồng."""
        return sum(f.cost_vnd for f in self.findings)


def _text(value: Any) -> str:
    return sys.intern(str(value)) if value is not None else ""


class MachineFacts(NamedTuple):
    """What a report's `hardware` and `os` give its machine's state (MachineState's fields
    of the same names, in the same order): the same until the inventory changes."""

    os_name: str
    os_id: str
    os_version: str
    cpu_model: str
    cpu_physical_cores: int | None
    memory_total_bytes: int | None
    system_disk_kind: str | None
    nic_speed_bits_per_second: int | None
    bios_date: str | None


def machine_facts(report: Mapping[str, Any]) -> MachineFacts:
    """Read the machine facts of a validated report from its `hardware` and `os` alone."""
    hw = report["hardware"]
    cpu = hw.get("cpu") or {}
    os_ = report.get("os") or {}
    return MachineFacts(
        os_name=_text(os_.get("name")),
        os_id=_text(os_.get("id")),
        os_version=_text(os_.get("version")),
        cpu_model=_text(cpu.get("model")),
        cpu_physical_cores=cpu.get("physical_cores"),
        memory_total_bytes=(hw.get("memory") or {}).get("total_bytes"),
        system_disk_kind=(facts.system_disk(report) or {}).get("kind"),
        nic_speed_bits_per_second=facts.fastest_nic_bits_per_second(report),
        bios_date=(hw.get("system") or {}).get("bios_date"),
    )


def project(
    report: Mapping[str, Any],
    findings: tuple[Finding, ...],
    received_at_seconds: float,
    collected_at_seconds: float,
    clone_suspected: bool = False,
    availability: Mapping[str, float] | None = None,
    machine: MachineFacts | None = None,
) -> MachineState:
    """Project a validated report and its findings onto the compact MachineState;
    `availability` maps probe targets to the machine's availability over their windows;
    `machine` is `machine_facts(report)` when the caller already has it."""
    ratios = availability or {}
    health = report.get("health") or {}
    # Positional, in field order (keywords double the cost of a NamedTuple); MachineFacts'
    # fields are MachineState's from os_name to bios_date.
    return MachineState(
        report["agent_id"],
        _text(report["ward"]),
        _text(report["role"]),
        str(report["hostname"]),
        *(machine or machine_facts(report)),
        health.get("cpu_used_ratio"),
        health.get("memory_used_ratio"),
        collected_at_seconds,
        received_at_seconds,
        int(report["seq"]),
        tuple(probe_state(p, ratios.get(p["name"])) for p in report["probes"]),
        findings,
        clone_suspected,
        report.get("asset_tag"),
    )


@dataclass
class Fleet:
    """Every known machine's current state plus the inventory, safe to read while written."""

    inventory: Inventory = field(default_factory=Inventory)
    _machines: dict[str, MachineState] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _suspected: set[str] = field(default_factory=set)
    _retired: set[str] = field(default_factory=set)  # revoked: a late batch must not revive
    _wards_seen: set[str] = field(default_factory=set)  # units enrolled in or reported from

    def put(self, state: MachineState) -> MachineState | None:
        """Store `state` unless the machine already has a newer one (higher seq: commits on
        several writers may land out of order); return the machine's previous state if any."""
        with self._lock:
            if state.agent_id in self._retired:
                return None
            self._wards_seen.add(state.ward)
            previous = self._machines.get(state.agent_id)
            if previous is not None and previous.seq > state.seq:
                return previous
            if state.clone_suspected:
                self._suspected.add(state.agent_id)
            elif state.agent_id in self._suspected:
                state = state._replace(clone_suspected=True)
            self._machines[state.agent_id] = state
            return previous

    def see_wards(self, codes: Iterable[str]) -> None:
        """Remember units an agent enrolled in: they stay in the ward rows, 0 reporting if
        every machine there falls silent."""
        with self._lock:
            self._wards_seen.update(codes)

    def wards_seen(self) -> frozenset[str]:
        """Return every unit a machine enrolled in or reported from."""
        with self._lock:
            return frozenset(self._wards_seen)

    def flag_clone(self, agent_id: str, suspected: bool = True) -> None:
        """Mark (or clear) a machine as a suspected clone, now and in its later states."""
        with self._lock:
            if suspected:
                self._suspected.add(agent_id)
            else:
                self._suspected.discard(agent_id)
            machine = self._machines.get(agent_id)
            if machine is not None:
                self._machines[agent_id] = machine._replace(clone_suspected=suspected)

    def remove(self, agent_id: str) -> None:
        """Forget a revoked machine for good: later states of it are ignored."""
        with self._lock:
            self._retired.add(agent_id)
            self._machines.pop(agent_id, None)

    def get(self, agent_id: str) -> MachineState | None:
        """Return one machine's state."""
        return self._machines.get(agent_id)

    def snapshot(self) -> tuple[MachineState, ...]:
        """Return every machine's state at one instant (a scrape reads this)."""
        with self._lock:
            return tuple(self._machines.values())

    def __iter__(self) -> Iterator[MachineState]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        return len(self._machines)
