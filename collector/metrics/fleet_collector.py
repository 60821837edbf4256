"""The custom prometheus_client Collector: families built fresh from the Fleet on every scrape."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from collector.metrics.families import (
    AGENT_GAUGES,
    DEFAULT_STALE_AFTER_SECONDS,
    FINDING_CLASSES,
    FLEET_MACHINES,
    INFO_GAUGES,
    MACHINE_FINDINGS,
    MACHINE_UP,
    PROBE_GAUGES,
    WARD_GAUGES,
    AgentGauge,
    Family,
    InfoGauge,
    ProbeGauge,
    WardGauge,
    all_families,
    is_up,
)
from collector.metrics.ward_view import WardsProvider, WardView, no_wards
from collector.state import Fleet, MachineState

Clock = Callable[[], float]
Machines = Sequence[MachineState]


def _gauge(family: Family) -> GaugeMetricFamily:
    return GaugeMetricFamily(family.name, family.help, labels=family.labels)


def _up(machines: Machines, cutoff_seconds: float) -> GaugeMetricFamily:
    gauge = _gauge(MACHINE_UP)
    for m in machines:
        gauge.add_metric((m.agent_id,), float(is_up(m, cutoff_seconds)))
    return gauge


def _info(info: InfoGauge, machines: Machines) -> GaugeMetricFamily:
    gauge = _gauge(info.family)
    for m in machines:
        gauge.add_metric(info.values(m), 1.0)
    return gauge


def _agent(agent: AgentGauge, machines: Machines) -> GaugeMetricFamily:
    gauge = _gauge(agent.family)
    for m in machines:
        if (value := agent.value(m)) is not None:
            gauge.add_metric((m.agent_id,), float(value))
    return gauge


def _findings(machines: Machines) -> GaugeMetricFamily:
    gauge = _gauge(MACHINE_FINDINGS)
    for m in machines:
        for finding_class in FINDING_CLASSES:
            gauge.add_metric((m.agent_id, finding_class), float(m.findings_of(finding_class)))
    return gauge


def _probe(probe: ProbeGauge, machines: Machines) -> GaugeMetricFamily:
    gauge = _gauge(probe.family)
    for m in machines:
        for p in m.probes:
            if (value := probe.value(p)) is not None:
                gauge.add_metric((m.agent_id, p.name), float(value))
    return gauge


def _ward(ward: WardGauge, wards: Sequence[WardView]) -> GaugeMetricFamily:
    gauge = _gauge(ward.family)
    for w in wards:
        for values, value in ward.samples(w):
            gauge.add_metric(values, value)
    return gauge


class FleetCollector(Collector):
    """Expose every machine and ward in the Fleet as wardwatch_ gauges, never cached."""

    def __init__(
        self,
        fleet: Fleet,
        wards_provider: WardsProvider = no_wards,
        clock: Clock = time.time,
        stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS,
    ) -> None:
        self._fleet = fleet
        self._wards_provider = wards_provider
        self._clock = clock
        self._stale_after_seconds = stale_after_seconds

    def describe(self) -> Iterator[Metric]:
        """Yield each family empty, so the registry knows the names without a scrape."""
        return (_gauge(f) for f in all_families())

    def collect(self) -> Iterator[Metric]:
        """Yield every family, in all_families() order, from one snapshot of the Fleet."""
        machines = self._fleet.snapshot()
        wards = tuple(self._wards_provider())
        yield GaugeMetricFamily(FLEET_MACHINES.name, FLEET_MACHINES.help, value=len(machines))
        yield _up(machines, self._clock() - self._stale_after_seconds)
        yield from (_info(g, machines) for g in INFO_GAUGES)
        yield from (_agent(g, machines) for g in AGENT_GAUGES)
        yield _findings(machines)
        yield from (_probe(g, machines) for g in PROBE_GAUGES)
        yield from (_ward(g, wards) for g in WARD_GAUGES)
