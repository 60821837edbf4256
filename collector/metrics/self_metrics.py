"""The collector's own metrics: ingest counters and histograms, without machine labels."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

LATENCY_BUCKETS_SECONDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
BATCH_BUCKETS_REPORTS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0)


class SelfMetrics:
    """Ingest counters and histograms, held in their own explicitly built registry."""

    def __init__(self, rejection_reasons: Iterable[str] = (), process: bool = True) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.accepted = Counter(
            "wardwatch_ingest_reports_accepted_total",
            "Reports accepted and committed.",
            registry=None,
        )
        self.rejected = Counter(
            "wardwatch_ingest_reports_rejected_total",
            "Reports refused with a 4xx, by reason.",
            ["reason"],
            registry=None,
        )
        self.latency = Histogram(
            "wardwatch_ingest_latency_seconds",
            "Time from receiving a report to acknowledging it, in seconds.",
            buckets=LATENCY_BUCKETS_SECONDS,
            registry=None,
        )
        self.clones = Counter(
            "wardwatch_ingest_clones_detected_total",
            "Reports whose identity matched another machine's (cloned disk images).",
            registry=None,
        )
        self.batch_size = Histogram(
            "wardwatch_ingest_batch_size_reports",
            "Reports committed together in one transaction.",
            buckets=BATCH_BUCKETS_REPORTS,
            registry=None,
        )
        self.spool_drops = Counter(
            "wardwatch_ingest_agent_dropped_reports_total",
            "Reports agents could not keep (spool full, or disk full), as their reports tell, "
            "by the unit they report under.",
            ["ward"],
            registry=None,
        )
        for reason in rejection_reasons:
            self.rejected.labels(reason)  # expose known reasons at 0 before the first one
        self._extra: tuple[Collector, ...] = (
            (ProcessCollector(namespace="wardwatch", registry=None),) if process else ()
        )
        for collector in self.collectors():
            self.registry.register(collector)

    def collectors(self) -> tuple[Collector, ...]:
        """Return every collector this object owns, in exposition order."""
        own = (
            self.accepted,
            self.rejected,
            self.latency,
            self.clones,
            self.batch_size,
            self.spool_drops,
        )
        return (*own, *self._extra)

    def add(self, collector: Collector) -> None:
        """Expose `collector` too (after the others), on both exposition paths."""
        self._extra = (*self._extra, collector)
        self.registry.register(collector)

    def report_accepted(self, latency_seconds: float) -> None:
        """Count one accepted report and its ingest latency in seconds."""
        self.accepted.inc()
        self.latency.observe(latency_seconds)

    def report_rejected(self, reason: str) -> None:
        """Count one refused report under `reason` (a short snake_case word)."""
        self.rejected.labels(reason).inc()

    def clone_detected(self) -> None:
        """Count one report flagged as coming from a cloned image."""
        self.clones.inc()

    def spool_dropped(self, ward: str, reports: int) -> None:
        """Count `reports` an agent of `ward` says its spool could not keep."""
        self.spool_drops.labels(ward).inc(reports)

    def batch_committed(self, reports: int) -> None:
        """Record the number of reports committed in one transaction."""
        self.batch_size.observe(reports)
