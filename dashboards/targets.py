"""The link targets the dashboards show: the data centre and the four tools, from the standard.

Names, labels and thresholds come from the shipped `standard/default.yml`, so a panel's
colours turn where the standard's judgement turns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dashboards.text import Text
from standard.model import ReadinessStandard, load_standard


@dataclass(frozen=True)
class Target:
    """One link target: its probe name, its label and the standard's limits for it."""

    name: str
    label: Text
    max_loss_ratio: float
    max_rtt_p95_seconds: float
    max_jitter_seconds: float
    min_availability_ratio: float


@cache
def targets() -> tuple[Target, ...]:
    """Return the standard's link targets, the data centre first."""
    links = load_standard().links
    return tuple(
        Target(name, Text(link.label_vi, link.label_en), link.max_loss_ratio,
               link.max_rtt_p95_seconds, link.max_jitter_seconds, link.min_availability_ratio)
        for name, link in links.items()
    )  # fmt: skip


@cache
def readiness() -> ReadinessStandard:
    """Return the standard's readiness thresholds (shares of a ward's machines, 0..1)."""
    return load_standard().readiness
