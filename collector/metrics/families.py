"""The catalogue of wardwatch_ metric families and where each one's values come from.

Both exposition paths (the prometheus_client Collector and the direct renderer) read
this catalogue, so names, help, labels and value getters are defined once. Families
appear on /metrics in the order of `all_families()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from collector.metrics.ward_view import WardView
from collector.state import MachineState
from standard.probe_state import ProbeState

Sample = tuple[tuple[str, ...], float]  # label values in the family's label order, value
FINDING_CLASSES = ("hardware", "operational")
SECONDS_PER_DAY = 86400.0
DEFAULT_STALE_AFTER_SECONDS = 180.0  # the default standard: three missed 60 s reports

AGENT = ("agent_id",)
PROBE = ("agent_id", "target")
WARD = ("ward",)


@dataclass(frozen=True, slots=True)
class Family:
    """One gauge family: its name, help and label names (sorted, as exposed)."""

    name: str
    help: str
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InfoGauge:
    """A per-machine family of value 1 whose labels carry strings."""

    family: Family
    values: Callable[[MachineState], tuple[str, ...]]  # in family.labels order


@dataclass(frozen=True, slots=True)
class AgentGauge:
    """A per-machine family labelled by agent_id only; no sample where the value is None."""

    family: Family
    value: Callable[[MachineState], float | None]


@dataclass(frozen=True, slots=True)
class ProbeGauge:
    """A per-probe family labelled by agent_id and target; no sample where the value is None."""

    family: Family
    value: Callable[[ProbeState], float | None]


@dataclass(frozen=True, slots=True)
class WardGauge:
    """A per-ward family and the function listing its samples for one ward."""

    family: Family
    samples: Callable[[WardView], Iterable[Sample]]


def _m(name: str, help_text: str, labels: tuple[str, ...] = AGENT) -> Family:
    return Family("wardwatch_" + name, help_text, labels)


def _info(m: MachineState) -> tuple[str, ...]:
    return (m.agent_id, m.cpu_model, m.hostname, m.os_name, m.os_version, m.role, m.ward)


def _spec(m: MachineState) -> tuple[str, ...]:
    return (m.agent_id, m.bios_date or "", m.os_id, m.system_disk_kind or "")


def _nic_bytes(m: MachineState) -> float | None:
    bits = m.nic_speed_bits_per_second
    return None if bits is None else bits / 8


def _tls_seconds(p: ProbeState) -> float | None:
    days = p.tls_days_to_expiry
    return None if days is None else days * SECONDS_PER_DAY


def is_up(m: MachineState, cutoff_seconds: float) -> bool:
    """Tell whether the machine's latest report arrived at or after `cutoff_seconds` (unix)."""
    return m.received_at_seconds >= cutoff_seconds


FLEET_MACHINES = _m("fleet_machines", "Machines the collector holds current state for.", ())
MACHINE_UP = _m("machine_up", "1 if the machine reported within the staleness window, else 0.")
MACHINE_FINDINGS = _m("machine_findings", "Findings against the standard by class.",
                      ("agent_id", "class"))  # fmt: skip

INFO_GAUGES = (
    InfoGauge(_m("machine_info", "Inventory context of a machine for joins; always 1.",
                 ("agent_id", "cpu_model", "hostname", "os", "os_version", "role", "ward")), _info),
    InfoGauge(_m("machine_spec_info", "String specifications of a machine; always 1.",
                 ("agent_id", "bios_date", "os_id", "system_disk_kind")), _spec),
)  # fmt: skip

AGENT_GAUGES = (
    AgentGauge(_m("machine_cpu_physical_cores", "Physical CPU cores."),
               attrgetter("cpu_physical_cores")),
    AgentGauge(_m("machine_memory_total_bytes", "Installed memory in bytes."),
               attrgetter("memory_total_bytes")),
    AgentGauge(_m("machine_nic_speed_bytes", "Fastest up physical NIC's speed, bytes per second."),
               _nic_bytes),
    AgentGauge(_m("machine_cpu_used_ratio", "CPU busy share over the last health interval, 0..1."),
               attrgetter("cpu_used_ratio")),
    AgentGauge(_m("machine_memory_used_ratio", "Memory in use, 0..1."),
               attrgetter("memory_used_ratio")),
    AgentGauge(_m("machine_compliant", "1 if the machine meets the equipment standard, else 0."),
               attrgetter("compliant")),
    AgentGauge(_m("machine_clone_suspected", "1 if the machine's identity looks cloned, else 0."),
               attrgetter("clone_suspected")),
    AgentGauge(_m("machine_last_report_timestamp_seconds",
                  "When the collector received the latest report, unix seconds."),
               attrgetter("received_at_seconds")),
)  # fmt: skip

PROBE_GAUGES = (
    ProbeGauge(_m("probe_success", "1 if the latest probe of the target succeeded, else 0.", PROBE),
               attrgetter("success")),
    ProbeGauge(_m("probe_loss_ratio", "Share of probe samples lost, 0..1.", PROBE),
               attrgetter("loss_ratio")),
    ProbeGauge(_m("probe_rtt_p95_seconds", "95th percentile round-trip time in seconds.", PROBE),
               attrgetter("rtt_p95_seconds")),
    ProbeGauge(_m("probe_jitter_seconds", "Round-trip time jitter in seconds.", PROBE),
               attrgetter("jitter_seconds")),
    ProbeGauge(_m("probe_availability_ratio",
                  "Share of probe cycles that succeeded over the standard's window, 0..1.", PROBE),
               attrgetter("availability_ratio")),
    ProbeGauge(_m("probe_tls_cert_remaining_seconds",
                  "Seconds the target's TLS certificate had left when probed.", PROBE),
               _tls_seconds),
)  # fmt: skip


def _readiness(w: WardView) -> list[Sample]:
    return [((target, w.ward), float(r)) for target, r in sorted(w.readiness_by_target.items())]


def _ward(get: Callable[[WardView], float]) -> Callable[[WardView], list[Sample]]:
    return lambda w: [((w.ward,), float(get(w)))]


WARD_GAUGES = (
    WardGauge(_m("ward_info", "Name of a ward for joins; always 1.", ("ward", "ward_name")),
              lambda w: [((w.ward, w.ward_name), 1.0)]),
    WardGauge(_m("ward_machines_expected", "Machines the inventory expects in the ward.", WARD),
              _ward(attrgetter("expected"))),
    WardGauge(_m("ward_machines_reporting", "Machines of the ward reporting now.", WARD),
              _ward(attrgetter("reporting"))),
    WardGauge(_m("ward_machines_compliant", "Reporting machines meeting the standard.", WARD),
              _ward(attrgetter("compliant"))),
    WardGauge(_m("ward_machines_silent", "Expected machines not reporting (reconciliation).",
                 WARD), _ward(attrgetter("silent"))),
    WardGauge(_m("ward_machines_unknown", "Reporting machines the inventory does not list.",
                 WARD), _ward(attrgetter("unknown"))),
    WardGauge(_m("ward_readiness_ratio", "Share of machines ready per link target (tool), 0..1.",
                 ("target", "ward")), _readiness),
    WardGauge(_m("ward_ready", "1 if the ward is ready (equipment, links, agents), else 0.", WARD),
              _ward(attrgetter("ready"))),
    WardGauge(_m("ward_reinvestment_estimate_vnd", "Estimated reinvestment needed, in đồng.", WARD),
              _ward(attrgetter("reinvestment_vnd"))),
    WardGauge(_m("ward_handovers_in", "PCs handed over into the ward (recorded moves).", WARD),
              _ward(attrgetter("handovers_in"))),
    WardGauge(_m("ward_handovers_out", "PCs handed over out of the ward (recorded moves).", WARD),
              _ward(attrgetter("handovers_out"))),
)  # fmt: skip


def all_families() -> tuple[Family, ...]:
    """Return every family the fleet collector exposes, in exposition order."""
    head = (FLEET_MACHINES, MACHINE_UP, *(g.family for g in INFO_GAUGES))
    agent = (*(g.family for g in AGENT_GAUGES), MACHINE_FINDINGS)
    return (*head, *agent, *(g.family for g in PROBE_GAUGES), *(g.family for g in WARD_GAUGES))
