"""A small HTTP client for the collector's API tests: raw requests, enrollment, reports, metrics.

Built on http.client so a test controls every byte and header it sends (chunked bodies,
bad gzip, wrong Content-Encoding) and reads every status and header it gets back.
"""

from __future__ import annotations

import http.client
import json
import secrets
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from contract import report

WARD = "phuong-tan-dinh"
NDJSON = "application/x-ndjson"


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, headers (lower-case names) and the body: parsed JSON, text,
    or the bytes of a binary body."""

    status: int
    headers: Mapping[str, str]
    body: Any

    @property
    def error(self) -> str:
        """Return the `error` reason of a refused request."""
        assert isinstance(self.body, dict), self.body
        return str(self.body["error"])


def call(
    base_url: str,
    method: str,
    path: str,
    body: bytes | Iterable[bytes] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout_seconds: float = 30.0,
) -> Reply:
    """Send one request to `base_url` (an iterable body goes chunked); return the reply."""
    parts = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_seconds)
    try:
        chunked = body is not None and not isinstance(body, bytes)
        conn.request(method, path, body=body, headers=dict(headers or {}), encode_chunked=chunked)
        answer = conn.getresponse()
        raw = answer.read()
        found = {name.lower(): value for name, value in answer.getheaders()}
    finally:
        conn.close()
    if found.get("content-type", "").startswith("application/json") and raw:
        return Reply(answer.status, found, json.loads(raw))
    try:
        return Reply(answer.status, found, raw.decode())
    except UnicodeDecodeError:  # a PDF, a spreadsheet: the bytes as they came
        return Reply(answer.status, found, raw)


def bearer(token: str) -> dict[str, str]:
    """Return the Authorization header for `token`."""
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class Agent:
    """An enrolled test agent: its id, token and the hardware fingerprint it enrolled with."""

    agent_id: str
    token: str
    fingerprint: str
    hostname: str

    def report(self, seq: int, **changes: Any) -> dict[str, Any]:
        """Return a schema-valid report of this agent with `seq`, updated with `changes`."""
        return make_report(self.agent_id, seq, self.fingerprint, self.hostname) | changes


def enroll_payload(
    secret: str,
    agent_id: str | None = None,
    fingerprint: str | None = None,
    ward: str = WARD,
    hostname: str | None = None,
) -> dict[str, Any]:
    """Return an enrollment request; new random ids unless given."""
    agent_id = agent_id or secrets.token_hex(16)
    return {
        "ward": ward,
        "secret": secret,
        "agent_id": agent_id,
        "hostname": hostname or f"pc-{agent_id[:6]}",
        "role": "workstation",
        "identity": {
            "install_id": secrets.token_hex(16),
            "machine_id_source": "generated",
            "fingerprint": fingerprint or secrets.token_hex(32),
            "fingerprint_sources": ["dmi_uuid"],
        },
    }


def post_json(
    base_url: str, path: str, payload: Any, headers: Mapping[str, str] | None = None
) -> Reply:
    """POST `payload` as JSON."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    return call(base_url, "POST", path, json.dumps(payload).encode(), sent)


def enroll(base_url: str, secret: str, **fields: Any) -> Agent:
    """Enroll a new agent (or the one `fields` name) and return it; fail unless 200."""
    payload = enroll_payload(secret, **fields)
    answer = post_json(base_url, "/api/v1/enroll", payload)
    assert answer.status == 200, answer
    identity = payload["identity"]
    return Agent(payload["agent_id"], answer.body["token"], identity["fingerprint"],
                 payload["hostname"])  # fmt: skip


def make_report(agent_id: str, seq: int, fingerprint: str, hostname: str) -> dict[str, Any]:
    """Build a small but real report with agent.report.build."""
    identity = report.Identity(agent_id, "b" * 32, "generated", fingerprint, ("dmi_uuid",))
    return report.build(
        identity=identity,
        placement=report.Placement(hostname, WARD, "workstation"),
        seq=seq,
        collected_at=datetime.now(UTC),
        kind="health",
        values={},
        probes=[],
        collectors={},
    )


def ndjson(*lines: bytes | Mapping[str, Any]) -> bytes:
    """Join reports (encoded as the agent does) and raw lines into an NDJSON body."""
    return b"\n".join(line if isinstance(line, bytes) else report.encode(line) for line in lines)


def send(
    base_url: str,
    token: str | None,
    body: bytes | Iterable[bytes],
    content_type: str = NDJSON,
    **headers: str,
) -> Reply:
    """POST a batch body to /api/v1/reports; extra headers by name (Content_Encoding=...)."""
    sent = {"Content-Type": content_type, **(bearer(token) if token else {})}
    sent.update({name.replace("_", "-"): value for name, value in headers.items()})
    return call(base_url, "POST", "/api/v1/reports", body, sent)


def metrics(base_url: str) -> str:
    """Return the /metrics text."""
    answer = call(base_url, "GET", "/metrics")
    assert answer.status == 200, answer
    return str(answer.body)


def samples(text: str, name: str, **labels: str) -> list[str]:
    """Return the sample lines of metric `name` whose labels include `labels`."""
    wanted = [f'{key}="{value}"' for key, value in labels.items()]
    return [
        line
        for line in text.splitlines()
        if line.startswith((name + "{", name + " ")) and all(w in line for w in wanted)
    ]


def sample_value(text: str, name: str, **labels: str) -> float | None:
    """Return the value of the one sample of `name` matching `labels`, None if absent."""
    found = samples(text, name, **labels)
    assert len(found) <= 1, found
    return float(found[0].rsplit(" ", 1)[1]) if found else None


def admin_agents(base_url: str, admin_token: str) -> dict[str, dict[str, Any]]:
    """Return the admin API's agents by agent_id."""
    answer = call(base_url, "GET", "/api/v1/admin/agents", headers=bearer(admin_token))
    assert answer.status == 200, answer
    return {row["agent_id"]: row for row in answer.body}
