"""SIGTERM during a report upload: the collector finishes it, stores it, then exits 0.

A report is sent in chunks over about a second; the collector gets SIGTERM halfway. The
answer must still be 200 with the report acknowledged, the process must exit 0 within
listen.graceful_shutdown_seconds, and the collector restarted on the same store must
hold the report's seq.
"""

from __future__ import annotations

import http.client
import json
import secrets
import signal
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from deployment import WARD, Collector

from contract import report

pytestmark = pytest.mark.slow

GRACE_SECONDS = 5.0
CHUNKS = 10
CHUNK_GAP_SECONDS = 0.1  # the body takes CHUNKS x this to send
SIGTERM_AFTER_CHUNK = 4


@pytest.fixture
def collector(tmp_path: Path) -> Iterator[Collector]:
    """A collector process on SQLite with a generous grace period; stopped at the end."""
    process = Collector(tmp_path, None, graceful_shutdown_seconds=GRACE_SECONDS)
    process.start()
    yield process
    process.stop()


def _post(
    collector: Collector, path: str, body: bytes | Iterator[bytes], headers: dict[str, str]
) -> tuple[int, Any]:
    """POST `body` (an iterator goes chunked, as it is produced); return status and JSON."""
    conn = http.client.HTTPConnection("127.0.0.1", collector.port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers=headers)
        answer = conn.getresponse()
        return answer.status, json.loads(answer.read())
    finally:
        conn.close()


def _enroll(collector: Collector) -> tuple[report.Identity, str]:
    """Enroll a made-up machine over HTTP; return its identity and token."""
    identity = report.Identity(
        secrets.token_hex(16), secrets.token_hex(16), "generated", secrets.token_hex(32),
        ("dmi_uuid",),
    )  # fmt: skip
    payload = {
        "ward": WARD,
        "secret": collector.secret_file.read_text().strip(),
        "agent_id": identity.agent_id,
        "hostname": "pc-shutdown",
        "role": "workstation",
        "identity": identity.as_report(),
    }
    sent = json.dumps(payload).encode()
    status, body = _post(collector, "/api/v1/enroll", sent, {"Content-Type": "application/json"})
    assert status == 200, body
    return identity, body["token"]


def _report(identity: report.Identity, seq: int) -> bytes:
    built = report.build(
        identity=identity,
        placement=report.Placement("pc-shutdown", WARD, "workstation"),
        seq=seq,
        collected_at=datetime.now(UTC),
        kind="health",
        values={},
        probes=[],
        collectors={},
    )
    return report.encode(built)


def _slowly(body: bytes, midway: Callable[[], None]) -> Iterator[bytes]:
    """Yield `body` in CHUNKS pieces, CHUNK_GAP_SECONDS apart; call `midway` on the way."""
    size = -(-len(body) // CHUNKS)
    for index in range(CHUNKS):
        if index == SIGTERM_AFTER_CHUNK:
            midway()
        time.sleep(CHUNK_GAP_SECONDS)
        yield body[index * size : (index + 1) * size]


def test_sigterm_mid_upload_still_stores_the_report_and_exits_0(collector: Collector) -> None:
    identity, token = _enroll(collector)
    process = collector.process
    assert process is not None
    signalled: list[float] = []

    def terminate() -> None:
        process.send_signal(signal.SIGTERM)
        signalled.append(time.monotonic())

    status, answer = _post(
        collector,
        "/api/v1/reports",
        _slowly(_report(identity, seq=1), terminate),
        {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"},
    )

    assert signalled, "the upload ended before SIGTERM was sent"
    assert (status, answer["acknowledged"], answer["rejected"]) == (200, [1], [])
    code = process.wait(GRACE_SECONDS + 10)
    exited_after = time.monotonic() - signalled[0]
    assert code == 0, collector.log.read_text()
    assert exited_after < GRACE_SECONDS, exited_after
    collector.start()
    assert collector.agents()[identity.agent_id]["last_seq"] == 1
