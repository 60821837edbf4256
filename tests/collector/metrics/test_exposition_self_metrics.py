"""The collector's self-metrics: counters and histograms without machine labels."""

from __future__ import annotations

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from collector.metrics import SelfMetrics


def sample_values(metrics: SelfMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Return every self-metric sample as {(name, labels): value}."""
    families = text_string_to_metric_families(generate_latest(metrics.registry).decode())
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families for s in f.samples}


def test_events_are_counted(self_metrics: SelfMetrics) -> None:
    got = sample_values(self_metrics)
    assert got[("wardwatch_ingest_reports_accepted_total", ())] == 1.0
    assert got[("wardwatch_ingest_reports_rejected_total", (("reason", "schema"),))] == 1.0
    assert got[("wardwatch_ingest_reports_rejected_total", (("reason", "stale_seq"),))] == 1.0
    assert got[("wardwatch_ingest_clones_detected_total", ())] == 1.0
    assert got[("wardwatch_ingest_latency_seconds_bucket", (("le", "0.005"),))] == 1.0
    assert got[("wardwatch_ingest_batch_size_reports_sum", ())] == 12.0


def test_declared_reasons_start_at_zero(self_metrics: SelfMetrics) -> None:
    got = sample_values(self_metrics)
    assert got[("wardwatch_ingest_reports_rejected_total", (("reason", "auth"),))] == 0.0


def test_no_self_metric_carries_a_machine_label() -> None:
    labels = {k for (_, pairs) in sample_values(SelfMetrics()) for k, _ in pairs}
    assert labels <= {"reason", "le"}
