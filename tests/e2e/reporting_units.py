"""Made-up machines of a few units reporting to a real collector over HTTP, every second,
with probes of the data centre and the four tools; a unit's link can be degraded on demand.

A report the collector cannot take (it is restarting) is skipped: the next one carries a
higher seq, as an agent's next report would.
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass
from typing import Any

from report_client import REPORTS, Client, enroll, enrollment, health_report

from contract import report

TARGETS = ("datacenter", "video_conference", "records", "documents", "feedback_1022")
SAMPLES = 5


@dataclass(frozen=True)
class Link:
    """What every probe of a unit measures: loss 0..1, p95 round trip and jitter in seconds."""

    loss_ratio: float
    rtt_p95_seconds: float
    jitter_seconds: float


HEALTHY = Link(0.0, 0.008, 0.001)
# Over the data centre's limits (1%, 50 ms, 10 ms) and the four tools' loss limits (1-2%);
# every probe still succeeds: degraded, not down.
DEGRADED = Link(0.2, 0.12, 0.03)


def probe(name: str, link: Link) -> dict[str, Any]:
    """Return one successful tcp probe cycle of `name` measuring `link`."""
    return {
        "name": name, "module": "tcp_connect", "prober": "tcp",
        "target": f"{name}.example:443", "mode": None, "result": "success",
        "samples": SAMPLES, "successes": SAMPLES - round(link.loss_ratio * SAMPLES),
        "loss_ratio": link.loss_ratio, "rtt_min_seconds": link.rtt_p95_seconds / 2,
        "rtt_avg_seconds": link.rtt_p95_seconds * 0.8, "rtt_max_seconds": link.rtt_p95_seconds,
        "rtt_p95_seconds": link.rtt_p95_seconds, "jitter_seconds": link.jitter_seconds,
        "duration_seconds": 0.3, "error": None, "http": None, "tls": None, "dns": None,
    }  # fmt: skip


class ReportingUnits:
    """`machines` machines in each of `wards`, enrolled at once, reporting every second."""

    def __init__(self, port: int, secret: str, wards: tuple[str, ...], machines: int) -> None:
        self.client = Client(port, timeout_seconds=5)
        self.links = dict.fromkeys(wards, HEALTHY)
        self.enrolled = [enrollment(secret, ward) for ward in wards for _ in range(machines)]
        self.tokens = [enroll(self.client, e) for e in self.enrolled]
        self.accepted = 0
        self.refused: list[int] = []  # statuses other than 200: none expected
        self._seq = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        """Start reporting in the background."""
        self._thread.start()

    def degrade(self, ward: str) -> None:
        """From the next report on, every probe of `ward`'s machines measures DEGRADED."""
        self.links[ward] = DEGRADED

    def stop(self) -> None:
        """Stop reporting and close the connection."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)
        self.client.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._seq += 1
            for enrolled, token in zip(self.enrolled, self.tokens, strict=True):
                self._send(enrolled, token)
            self._stop.wait(1.0)

    def _send(self, enrolled: dict[str, Any], token: str) -> None:
        link = self.links[enrolled["ward"]]
        body = health_report(enrolled, self._seq, [probe(t, link) for t in TARGETS])
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"}
        try:
            status, _ = self.client.post(REPORTS, report.encode(body), headers)
        except (OSError, http.client.HTTPException):  # restarting: this report is skipped
            self.client.close()
            return
        if status == 200:
            self.accepted += 1
        else:
            self.refused.append(status)
