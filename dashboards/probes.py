"""The four link measures, each with its recorded mean, unit and the standard's limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from dashboards import rollups
from dashboards.targets import Target
from dashboards.text import Text


class Measure(NamedTuple):
    """One per-target link measure: how to average it over machines and when it is bad."""

    title: Text
    metric: str  # the per-machine family
    total: rollups.Rollup
    samples: rollups.Rollup  # how many series `total` sums
    unit: str
    limit: Callable[[Target], float] | None  # the standard's limit; higher is worse
    good_high: bool = False  # True: lower is worse (success share)


LOSS = Measure(
    Text("Mất gói", "Packet loss"),
    "wardwatch_probe_loss_ratio",
    rollups.LOSS,
    rollups.PROBES,
    "percentunit",
    lambda t: t.max_loss_ratio,
)
RTT = Measure(
    Text("Độ trễ p95", "p95 round-trip time"),
    "wardwatch_probe_rtt_p95_seconds",
    rollups.RTT,
    rollups.RTT_COUNT,
    "s",
    lambda t: t.max_rtt_p95_seconds,
)
JITTER = Measure(
    Text("Độ dao động trễ (jitter)", "Jitter"),
    "wardwatch_probe_jitter_seconds",
    rollups.JITTER,
    rollups.JITTER_COUNT,
    "s",
    lambda t: t.max_jitter_seconds,
)
REACHED = Measure(
    Text("Tới được", "Reached"),
    "wardwatch_probe_success",
    rollups.PROBE_SUCCESS,
    rollups.PROBES,
    "percentunit",
    None,
    good_high=True,
)
MEASURES = (LOSS, RTT, JITTER)  # fmt: skip
