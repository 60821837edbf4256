"""Speaking to a collector as agents do, over one keep-alive HTTP connection: enroll made-up
machines and post their reports, built with `contract.report.build`."""

from __future__ import annotations

import http.client
import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from deployment import WARD

from contract import report

REPORTS = "/api/v1/reports"
ENROLL = "/api/v1/enroll"
JSON = {"Content-Type": "application/json"}


class Client:
    """One keep-alive HTTP/1.1 connection to the collector that reopens when it is closed."""

    def __init__(self, port: int, timeout_seconds: float = 30) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_seconds)

    def post(self, path: str, payload: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """POST `payload`; return the status and body."""
        self.conn.request("POST", path, payload, headers)
        answer = self.conn.getresponse()
        content = answer.read()
        if answer.will_close:
            self.conn.close()
        return answer.status, content

    def close(self) -> None:
        """Close the connection (the next post opens a new one)."""
        self.conn.close()


def enrollment(secret: str, ward: str = WARD, role: str = "workstation") -> dict[str, Any]:
    """Return a valid enrollment of a new agent in `ward`."""
    agent_id = secrets.token_hex(16)
    return {
        "ward": ward,
        "secret": secret,
        "agent_id": agent_id,
        "hostname": f"pc-{agent_id[:6]}",
        "role": role,
        "identity": {
            "install_id": secrets.token_hex(16),
            "machine_id_source": "generated",
            "fingerprint": secrets.token_hex(32),
            "fingerprint_sources": ["dmi_uuid"],
        },
    }


def enroll(client: Client, enrolled: Mapping[str, Any]) -> str:
    """Enroll `enrolled` (from `enrollment`); return its agent token."""
    status, content = client.post(ENROLL, json.dumps(enrolled).encode(), JSON)
    assert status == 200, content
    return str(json.loads(content)["token"])


def health_report(
    enrolled: Mapping[str, Any], seq: int, probes: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """Return a small valid health report of the enrolled agent with `probes`."""
    who = enrolled["identity"]
    identity = report.Identity(
        enrolled["agent_id"], who["install_id"], "generated", who["fingerprint"], ("dmi_uuid",)
    )
    return report.build(
        identity=identity,
        placement=report.Placement(enrolled["hostname"], enrolled["ward"], enrolled["role"]),
        seq=seq,
        collected_at=datetime.now(UTC),
        kind="health",
        values={},
        probes=probes,
        collectors={},
    )
