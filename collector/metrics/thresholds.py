"""The standard's limits as gauges, so alert rules compare against the numbers the collector
judges with: the standard file it loaded and its staleness window, never a copy of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.metrics_core import GaugeMetricFamily
from prometheus_client.registry import Collector

from standard.model import LinkStandard, Standard

LINK_LIMITS = (
    ("max_loss_ratio", "Most probe samples a link to the target may lose, 0..1."),
    ("max_rtt_p95_seconds", "Highest 95th percentile round-trip time to the target, seconds."),
    ("max_jitter_seconds", "Highest round-trip time jitter to the target, seconds."),
    ("min_availability_ratio", "Least share of probe cycles to the target that must succeed."),
)
READINESS_LIMITS = (
    ("min_reporting_ratio", "Least share of a ward's expected machines that must report."),
    ("min_compliant_ratio", "Least share of a ward's reporting machines meeting the standard."),
    ("min_link_share_ratio", "Least share of a ward's machines reaching each target in limits."),
)
LINK_INFO = (
    "wardwatch_standard_link_info",
    "Names of a standard link target (Vietnamese, English) for joins; always 1.",
)
STALE_AFTER = (
    "wardwatch_standard_stale_after_seconds",
    "Seconds without a report after which the collector counts a machine silent.",
)


class ThresholdsCollector(Collector):
    """The link targets' names and limits, the readiness limits and the staleness window."""

    def __init__(self, standard: Standard, stale_after_seconds: float) -> None:
        self._links: dict[str, LinkStandard] = dict(sorted(standard.links.items()))
        self._readiness = standard.readiness
        self._stale_after_seconds = stale_after_seconds

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Yield the targets' names, then one family per limit, built from the loaded standard."""
        names = GaugeMetricFamily(*LINK_INFO, labels=["target", "target_name", "target_name_en"])
        for target, link in self._links.items():
            names.add_metric((target, link.label_vi, link.label_en), 1.0)
        yield names
        for key, help_text in LINK_LIMITS:
            name = f"wardwatch_standard_link_{key}"
            gauge = GaugeMetricFamily(name, help_text, labels=["target"])
            for target, link in self._links.items():
                gauge.add_metric((target,), float(getattr(link, key)))
            yield gauge
        for key, help_text in READINESS_LIMITS:
            value = float(getattr(self._readiness, key))
            yield GaugeMetricFamily(f"wardwatch_standard_readiness_{key}", help_text, value=value)
        yield GaugeMetricFamily(*STALE_AFTER, value=self._stale_after_seconds)


class Thresholds:
    """The thresholds collector held in its own explicitly built registry."""

    def __init__(self, standard: Standard, stale_after_seconds: float) -> None:
        self.collector = ThresholdsCollector(standard, stale_after_seconds)
        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(self.collector)
