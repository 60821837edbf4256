"""The explicitly built registry of the collector's /metrics (never the global REGISTRY)."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry

from collector.metrics.families import DEFAULT_STALE_AFTER_SECONDS
from collector.metrics.fleet_collector import Clock, FleetCollector
from collector.metrics.self_metrics import SelfMetrics
from collector.metrics.thresholds import Thresholds
from collector.metrics.ward_view import WardsProvider
from collector.state import Fleet


def build_registry(
    fleet: Fleet,
    wards_provider: WardsProvider,
    self_metrics: SelfMetrics | None,
    *,
    clock: Clock = time.time,
    stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS,
    thresholds: Thresholds | None = None,
) -> CollectorRegistry:
    """Build a registry holding the FleetCollector, the thresholds, then the self-metrics."""
    registry = CollectorRegistry(auto_describe=True)
    registry.register(FleetCollector(fleet, wards_provider, clock, stale_after_seconds))
    if thresholds is not None:
        registry.register(thresholds.collector)
    for collector in self_metrics.collectors() if self_metrics else ():
        registry.register(collector)
    return registry
