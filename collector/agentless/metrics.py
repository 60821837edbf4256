"""The agentless machines on /metrics: built from their statuses on every scrape.

A machine is named by its inventory entry (ward, hostname), not by agent_id alone: one
never reached has no agent id yet. `wardwatch_agentless_host_info` joins the two.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from collector.agentless.status import Statuses

HOST = ["hostname", "ward"]


class AgentlessMetrics(Collector):
    """A prometheus_client collector over the agentless statuses."""

    def __init__(self, statuses: Statuses) -> None:
        self._statuses = statuses

    def collect(self) -> Iterator[Metric]:
        """Build every agentless family from the statuses now."""
        statuses = self._statuses.snapshot()
        info = GaugeMetricFamily(
            "wardwatch_agentless_host_info",
            "An agentless machine's inventory entry, agent id and latest result; always 1.",
            labels=["agent_id", "hostname", "result", "ward"],
        )
        up = _gauge("up", "1 if the latest SSH collection reached the store, else 0.")
        seconds = _gauge("collection_duration_seconds", "How long the latest collection took.")
        changed = _gauge("host_key_changed", "1 if the machine presented a changed host key.")
        last = _gauge("last_success_timestamp_seconds", "When a collection last succeeded.")
        for s in statuses:
            where = [s.host.hostname, s.host.ward]
            info.add_metric([s.agent_id or "", s.host.hostname, s.result, s.host.ward], 1)
            up.add_metric(where, float(s.ok))
            seconds.add_metric(where, s.duration_seconds)
            changed.add_metric(where, float(s.result == "host_key_changed"))
            if s.last_success_at is not None:
                last.add_metric(where, s.last_success_at)
        yield from (info, up, seconds, changed, last)
        yield from self._counters()

    def _counters(self) -> Iterator[Metric]:
        runs = CounterMetricFamily(
            "wardwatch_agentless_collections",
            "SSH collections of agentless machines since start, by result.",
            labels=["result"],
        )
        for result, count in sorted(self._statuses.collections.items()):
            runs.add_metric([result], count)
        trusted = CounterMetricFamily(
            "wardwatch_agentless_host_keys_trusted",
            "Unknown host keys accepted on first use since start (each recorded).",
        )
        trusted.add_metric([], self._statuses.trusted_keys)
        yield from (runs, trusted)


def _gauge(name: str, help_text: str) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"wardwatch_agentless_{name}", help_text, labels=HOST)
