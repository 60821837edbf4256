"""An agent whose reports tell of reports its spool could not keep.

The simulated city's agents never run out of spool, so the collector health dashboard's
spool-drop panels would have nothing to show: this one agent, enrolled in a unit the
inventory does not list it in, reports every interval that it dropped some.
"""

from __future__ import annotations

import datetime
import json
import threading
import urllib.request
from typing import Any

from agent_values import collectors, probes, values

from contract.report import Identity, Placement, build, encode

AGENT_ID = "d0" * 16
WARD = "phuong-ben-thanh"
DROPPED_PER_REPORT = 3


def post(url: str, body: bytes, headers: dict[str, str]) -> Any:
    """POST `body` to `url`; return the JSON answer (fail on anything but 200)."""
    request = urllib.request.Request(url, body, headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


class DroppingAgent(threading.Thread):
    """Enroll in WARD, then report every `interval_seconds`, each report telling of drops."""

    def __init__(self, url: str, secret: str, interval_seconds: float) -> None:
        super().__init__(name="dropping-agent", daemon=True)
        self.url, self.secret, self.interval = url, secret, interval_seconds
        self.identity = Identity(AGENT_ID, "d1" * 16, "machine-id", "d2" * 32, ("dmi_uuid",))
        self.halt = threading.Event()
        self.failure: BaseException | None = None
        self.token = ""
        self.seq = 0

    def enroll(self) -> None:
        """Enroll with the ward secret; keep the token."""
        body = {"ward": WARD, "secret": self.secret, "agent_id": AGENT_ID,
                "hostname": "BT-KHO-01", "role": "workstation",
                "identity": self.identity.as_report()}  # fmt: skip
        answer = post(f"{self.url}/api/v1/enroll", json.dumps(body).encode(),
                      {"Content-Type": "application/json"})  # fmt: skip
        self.token = answer["token"]

    def report(self) -> None:
        """Send the next report, telling of DROPPED_PER_REPORT reports dropped."""
        self.seq += 1
        report = build(
            identity=self.identity, placement=Placement("BT-KHO-01", WARD, "workstation"),
            seq=self.seq, collected_at=datetime.datetime.now(datetime.UTC), kind="health",
            values=values(0, 0, "workstation"), probes=probes(0, 0), collectors=collectors(),
            dropped_reports=DROPPED_PER_REPORT,
        )  # fmt: skip
        headers = {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {self.token}"}
        answer = post(f"{self.url}/api/v1/reports", encode(report), headers)
        assert answer["acknowledged"] == [self.seq], answer

    def run(self) -> None:
        try:
            self.enroll()
            while not self.halt.wait(self.interval):
                self.report()
        except BaseException as err:  # reported by the test that reads the dashboards
            self.failure = err
