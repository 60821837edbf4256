"""The fleet's /metrics for a fixed state, byte for byte, from both exposition paths.

To regenerate the golden file after an intended change, run
`WARDWATCH_REGENERATE_GOLDEN=1 pytest tests/collector/metrics` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from metrics_state import NOW
from prometheus_client import generate_latest

from collector.metrics import WardView, build_registry, render
from collector.state import Fleet

GOLDEN = Path(__file__).parents[2] / "testdata" / "metrics" / "golden.prom"
REGENERATE = os.environ.get("WARDWATCH_REGENERATE_GOLDEN") == "1"


def test_fleet_exposition_matches_golden_file(
    state_fleet: Fleet, state_wards: tuple[WardView, ...]
) -> None:
    # Without self-metrics: their _created samples carry the wall clock.
    body = render(state_fleet, state_wards, None, now=NOW)
    if REGENERATE:
        GOLDEN.write_bytes(body)
    assert body.decode() == GOLDEN.read_text(encoding="utf-8")


def test_collector_path_writes_the_same_bytes_without_self_metrics(
    state_fleet: Fleet, state_wards: tuple[WardView, ...]
) -> None:
    registry = build_registry(state_fleet, lambda: state_wards, None, clock=lambda: NOW)
    assert generate_latest(registry) == render(state_fleet, state_wards, None, now=NOW)


def test_collector_path_writes_the_same_bytes_with_self_metrics(
    fast_body: bytes, collector_body: bytes
) -> None:
    assert fast_body == collector_body
