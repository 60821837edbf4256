"""Hostile bodies over real HTTP to a real collector process, on SQLite and on PostgreSQL.

An enrolled agent's token sends random and mutated batches to /api/v1/reports (NDJSON and
the JSON envelope, some gzip), and the ward's real secret goes with random and mutated
enrollments to /api/v1/enroll, all on one keep-alive connection. No answer may be a 5xx,
the log holds no traceback and no secret, and /readyz is still 200 at the end.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable

import pytest
import yaml
from deployment import Collector, get, tail
from hostile_bodies import as_json, body, gzip_bomb
from report_client import ENROLL, REPORTS, Client, enrollment, health_report

pytestmark = pytest.mark.slow

BODIES_PER_ENDPOINT = 1_500
SEED = 20250701


def envelope(raw: bytes) -> bytes:
    return b'{"reports": [' + raw + b"]}"


def ndjson(raw: bytes) -> bytes:
    return raw + b"\n"


def fuzz(
    client: Client,
    path: str,
    headers: dict[str, str],
    make: Callable[[random.Random], tuple[bytes, dict[str, str]]],
) -> dict[int, int]:
    """Send BODIES_PER_ENDPOINT bodies from `make`; return how many got each status."""
    rng = random.Random(f"{SEED}{path}")
    statuses: dict[int, int] = {}
    for _ in range(BODIES_PER_ENDPOINT):
        payload, extra = make(rng)
        status, content = client.post(path, payload, headers | extra)
        assert status < 500, (path, status, content[:300], payload[:300])
        statuses[status] = statuses.get(status, 0) + 1
    return statuses


def with_limits(collector: Collector) -> None:
    """Let every body reach the decoder: no agent rate limit to answer 429 first."""
    config = yaml.safe_load(collector.config_file.read_text())
    config["limits"] = {"agent_burst_reports": 10**9, "agent_reports_per_second": 10**9}
    collector.config_file.write_text(yaml.safe_dump(config))


def test_hostile_bodies_get_4xx_answers_and_leave_the_collector_ready(
    collector: Collector,
) -> None:
    with_limits(collector)
    collector.start()
    secret = collector.secret_file.read_text().strip()
    client = Client(collector.port)
    json_type = {"Content-Type": "application/json"}
    enrolled = enrollment(secret)
    status, content = client.post(ENROLL, json.dumps(enrolled).encode(), json_type)
    assert status == 200, content
    token = json.loads(content)["token"]
    valid = health_report(enrolled, 1)
    reporting = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"}
    assert client.post(REPORTS, as_json(valid), reporting)[0] == 200

    def enroll_body(rng: random.Random) -> tuple[bytes, dict[str, str]]:
        return body(rng, enrollment(secret), lambda raw: raw), {}

    def report_body(rng: random.Random) -> tuple[bytes, dict[str, str]]:
        framed, kind = rng.choice(
            [(envelope, "application/json"), (ndjson, "application/x-ndjson")]
        )
        payload = body(rng, valid | {"seq": rng.randrange(1, 2**40)}, framed)
        if rng.random() < 0.05:
            return gzip.compress(payload), {"Content-Type": kind, "Content-Encoding": "gzip"}
        return payload, {"Content-Type": kind}

    enrolls = fuzz(client, ENROLL, json_type, enroll_body)
    reports = fuzz(client, REPORTS, {"Authorization": f"Bearer {token}"}, report_body)
    bomb = client.post(
        REPORTS,
        gzip_bomb(64 * 1024 * 1024),
        {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
    )

    assert bomb[0] == 413, bomb
    assert reports.get(200) and enrolls.get(200), (reports, enrolls)  # some got through
    assert set(reports) - {200} and set(enrolls) - {200}, (reports, enrolls)  # some refused
    assert get(collector.url + "/readyz")[0] == 200
    log = collector.log.read_text(errors="replace")
    assert "Traceback" not in log, tail(collector.log, 60)
    assert secret not in log, "the enrollment secret reached the log"
    accepted = client.post(REPORTS, as_json(health_report(enrolled, 2**41)), reporting)
    assert accepted[0] == 200, accepted
