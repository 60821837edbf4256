"""Fixtures for the exposition tests: the fixed state and its /metrics from both paths."""

from __future__ import annotations

import pytest
from metrics_state import NOW, fleet, wards
from prometheus_client import generate_latest

from collector.metrics import SelfMetrics, WardView, build_registry, render
from collector.state import Fleet


@pytest.fixture
def state_fleet() -> Fleet:
    """Return a fresh Fleet holding the three fixed machines."""
    return fleet()


@pytest.fixture
def state_wards() -> tuple[WardView, ...]:
    """Return the two fixed ward rows."""
    return wards()


@pytest.fixture
def self_metrics() -> SelfMetrics:
    """Return self-metrics with a few recorded events (no process metrics: they drift)."""
    metrics = SelfMetrics(rejection_reasons=("schema", "auth"), process=False)
    metrics.report_accepted(0.004)
    metrics.report_rejected("schema")
    metrics.report_rejected("stale_seq")
    metrics.clone_detected()
    metrics.batch_committed(12)
    return metrics


@pytest.fixture
def fast_body(
    state_fleet: Fleet, state_wards: tuple[WardView, ...], self_metrics: SelfMetrics
) -> bytes:
    """Return the whole /metrics body from the direct renderer."""
    return render(state_fleet, state_wards, self_metrics, now=NOW)


@pytest.fixture
def collector_body(
    state_fleet: Fleet, state_wards: tuple[WardView, ...], self_metrics: SelfMetrics
) -> bytes:
    """Return the whole /metrics body from generate_latest over the built registry."""
    registry = build_registry(state_fleet, lambda: state_wards, self_metrics, clock=lambda: NOW)
    return generate_latest(registry)
