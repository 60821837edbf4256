"""The outcome of each agentless machine's latest collection, kept in memory for /metrics,
the admin API and the findings."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

from collector.agentless.findings import failure_finding
from collector.agentless.hosts import Host


@dataclass(frozen=True)
class HostStatus:
    """How one machine's latest collection went; times are unix seconds."""

    host: Host
    result: str  # "ok", or the failure word (collector.agentless.findings.WORDING)
    detail: str
    duration_seconds: float
    at: float
    agent_id: str | None = None
    last_success_at: float | None = None
    seq: int | None = None  # the report's seq when one was sent

    @property
    def ok(self) -> bool:
        """Tell whether the collection reached the store."""
        return self.result == "ok"

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form of the admin API and the sweep's progress stream."""
        finding = failure_finding(self.result, self.detail)
        return {
            "ward": self.host.ward,
            "hostname": self.host.hostname,
            "address": self.host.key_name,
            "result": self.result,
            "detail": self.detail,
            "duration_seconds": round(self.duration_seconds, 3),
            "at": self.at,
            "agent_id": self.agent_id,
            "last_success_at": self.last_success_at,
            "seq": self.seq,
            "finding": finding.as_dict() if finding else None,
        }


class Statuses:
    """Every machine's latest status and the counts since start, safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: dict[tuple[str, str], HostStatus] = {}
        self.collections: Counter[str] = Counter()
        self.trusted_keys = 0

    def record(self, status: HostStatus) -> HostStatus:
        """Keep `status` as its machine's latest, carrying the last success time over."""
        key = (status.host.ward, status.host.hostname)
        with self._lock:
            previous = self._latest.get(key)
            if not status.ok and previous is not None:
                status = _carried(status, previous)
            self._latest[key] = status
            self.collections[status.result] += 1
        return status

    def trusted(self) -> None:
        """Count one host key trusted on first use."""
        with self._lock:
            self.trusted_keys += 1

    def get(self, ward: str, hostname: str) -> HostStatus | None:
        """Return one machine's latest status."""
        return self._latest.get((ward, hostname))

    def snapshot(self) -> list[HostStatus]:
        """Return every machine's latest status, by ward and hostname."""
        with self._lock:
            return [self._latest[key] for key in sorted(self._latest)]


def _carried(status: HostStatus, previous: HostStatus) -> HostStatus:
    return HostStatus(
        status.host, status.result, status.detail, status.duration_seconds, status.at,
        status.agent_id or previous.agent_id, previous.last_success_at, status.seq,
    )  # fmt: skip
