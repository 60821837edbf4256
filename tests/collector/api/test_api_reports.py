"""POST /api/v1/reports over real HTTP: hostile input refused with a reason, good input kept.

Each per-report case sends a bad line and a good report in one NDJSON batch: the bad one
is listed with its status and reason, the good one is acknowledged and shows up in
/metrics and in the admin API. Each whole-request case is refused with its status and
`{"error": reason}`, and the good report inside it is not stored.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from api_client import (
    NDJSON,
    WARD,
    Agent,
    admin_agents,
    bearer,
    call,
    enroll,
    metrics,
    ndjson,
    samples,
    send,
)
from live_collector import LiveCollector
from sqlalchemy import func, select

from collector.store.engine import make_engine
from collector.store.tables import history
from contract.report import encode

MIB = 1024 * 1024


@pytest.fixture
def agent(collector: LiveCollector) -> Agent:
    """Enroll a fresh agent: each test sees only its own machine."""
    return enroll(collector.url, collector.secret)


def last_seq(collector: LiveCollector, agent: Agent) -> int | None:
    """Return the highest seq the collector stored for `agent` (admin API)."""
    row: dict[str, Any] = admin_agents(collector.url, collector.admin_token)[agent.agent_id]
    return row["last_seq"]


def assert_visible(collector: LiveCollector, agent: Agent, seq: int) -> None:
    """Assert the collector stored `seq` as the agent's latest and exposes the machine."""
    assert last_seq(collector, agent) == seq
    info = samples(metrics(collector.url), "wardwatch_machine_info", agent_id=agent.agent_id)
    assert len(info) == 1 and f'ward="{WARD}"' in info[0], info


def with_literal(agent: Agent, seq: int, literal: bytes) -> bytes:
    """Return the agent's encoded report with `literal` as its dropped_reports value."""
    raw = encode(agent.report(seq))
    assert b'"dropped_reports":0' in raw
    return raw.replace(b'"dropped_reports":0', b'"dropped_reports":' + literal)


DEEP = b'"deep":' + b"[" * 50_000 + b"]" * 50_000
BadLine = Callable[[Agent, Agent], bytes]
# name -> (bad line built from (my agent, another agent), status, reason fragment, its seq)
PER_REPORT: dict[str, tuple[BadLine, int, str, int | None]] = {
    "malformed JSON": (lambda a, o: b'{"schema_version": 1, "seq": ', 400, "not valid JSON", None),
    "not an object": (lambda a, o: b"[1, 2, 3]", 400, "must be a JSON object", None),
    "wrong type": (lambda a, o: encode(a.report(1, hostname=42)), 422, "$.hostname", 1),
    "bool for an int": (lambda a, o: encode({**a.report(1), "seq": True}), 422, "$.seq", None),
    "seq beyond 64 bits": (lambda a, o: encode({**a.report(1), "seq": 2**70}), 422, "seq", None),
    "NaN literal": (lambda a, o: with_literal(a, 1, b"NaN"), 400, "not valid JSON", None),
    "Infinity literal": (lambda a, o: with_literal(a, 1, b"Infinity"), 400, "not valid JSON", None),
    "-Infinity literal": (lambda a, o: with_literal(a, 1, b"-Infinity"), 400, "JSON", None),
    "invalid UTF-8": (
        lambda a, o: encode(a.report(1)).replace(b'"pc-', b'"\xff\xfepc-'),
        400,
        "UTF-8",
        1,
    ),
    "lone surrogate escape": (
        lambda a, o: encode(a.report(1)).replace(b'"pc-', b'"\\ud800pc-'),
        400,
        "not valid JSON",
        None,
    ),
    "nested 50,000 deep": (
        lambda a, o: encode(a.report(1)).replace(b'"delivery":', DEEP + b',"delivery":'),
        400,
        "recursion",
        None,
    ),
    "unknown schema_version": (
        lambda a, o: encode(a.report(1, schema_version=2)),
        422,
        "schema_version 2 is not supported",
        1,
    ),
    "missing schema_version": (
        lambda a, o: encode({k: v for k, v in a.report(1).items() if k != "schema_version"}),
        422,
        "schema_version None",
        1,
    ),
    "unknown key": (lambda a, o: encode(a.report(1, colour="red")), 422, "colour", 1),
    "impossible time": (
        lambda a, o: encode(a.report(1, collected_at="2025-13-45T99:99:99Z")),
        422,
        "not a real UTC time",
        1,
    ),
    "NUL in a string": (lambda a, o: encode(a.report(1, hostname="pc\x00")), 422, "NUL", 1),
    "spoofed agent_id": (lambda a, o: encode(o.report(1)), 403, "not the token's agent", 1),
}


@pytest.mark.parametrize("case", list(PER_REPORT))
def test_bad_report_is_refused_alone_and_the_good_one_is_kept(
    collector: LiveCollector, agent: Agent, case: str
) -> None:
    other = enroll(collector.url, collector.secret)
    bad_line, status, reason, seq = PER_REPORT[case]

    answer = send(collector.url, agent.token, ndjson(bad_line(agent, other), agent.report(2)))

    assert answer.status == 200, answer
    assert answer.body["acknowledged"] == [2]
    [rejected] = answer.body["rejected"]
    assert (rejected["seq"], rejected["status"]) == (seq, status), rejected
    assert reason in rejected["reason"]
    assert_visible(collector, agent, 2)
    assert last_seq(collector, other) is None  # the spoofed report landed nowhere


def test_json_envelope_judges_each_report_alone(collector: LiveCollector, agent: Agent) -> None:
    body = {"reports": [agent.report(1, role="mayor"), agent.report(2)]}

    answer = send(collector.url, agent.token, json.dumps(body).encode(), "application/json")

    assert answer.status == 200, answer
    assert answer.body["acknowledged"] == [2]
    assert [(r["seq"], r["status"]) for r in answer.body["rejected"]] == [(1, 422)]
    assert "$.role" in answer.body["rejected"][0]["reason"]
    assert_visible(collector, agent, 2)


@pytest.mark.parametrize("case", ["seq beyond 64 bits", "lone surrogate escape", "invalid UTF-8"])
def test_a_bad_report_alone_is_a_4xx(collector: LiveCollector, agent: Agent, case: str) -> None:
    bad_line, status, _, seq = PER_REPORT[case]

    answer = send(collector.url, agent.token, ndjson(bad_line(agent, agent)))

    assert answer.status == status, answer
    assert [(r["seq"], r["status"]) for r in answer.body["rejected"]] == [(seq, status)]


@pytest.mark.parametrize("case", ["nested 50,000 deep", "lone surrogate escape"])
def test_json_envelope_cuts_out_a_report_it_cannot_parse(
    collector: LiveCollector, agent: Agent, case: str
) -> None:
    bad_line, status, _, seq = PER_REPORT[case]
    body = b'{"reports": [' + bad_line(agent, agent) + b", " + encode(agent.report(2)) + b"]}"

    answer = send(collector.url, agent.token, body, "application/json")

    assert answer.status == 200, answer
    assert answer.body["acknowledged"] == [2]
    assert [(r["seq"], r["status"]) for r in answer.body["rejected"]] == [(seq, status)]
    assert_visible(collector, agent, 2)


@pytest.mark.parametrize(
    "body",
    [
        b'{"reports": [1, 2',
        b'{"reports": [], "more": 1}',
        b'[{"seq": 1}]',
        b'{"reports": NaN}',
        b'{"\xff": 1}',
        b'{"reports": [' + b"[" * 50_000 + b"]" * 50_000,
    ],
    ids=["truncated", "extra key", "not an object", "NaN", "bad UTF-8 key", "unclosed and deep"],
)
def test_malformed_json_envelope_is_a_400(
    collector: LiveCollector, agent: Agent, body: bytes
) -> None:
    answer = send(collector.url, agent.token, body, "application/json")

    assert answer.status == 400, answer
    assert "reports list" in answer.error


@pytest.mark.parametrize(
    ("first", "second", "status"),
    [("wrong type", "malformed JSON", 422), ("malformed JSON", "wrong type", 400)],
)
def test_batch_with_every_report_refused_answers_the_first_refusal(
    collector: LiveCollector, agent: Agent, first: str, second: str, status: int
) -> None:
    lines = [PER_REPORT[name][0](agent, agent) for name in (first, second)]

    answer = send(collector.url, agent.token, ndjson(*lines))

    assert answer.status == status, answer
    assert answer.body["acknowledged"] == []
    assert [r["status"] for r in answer.body["rejected"]] == [
        PER_REPORT[first][1],
        PER_REPORT[second][1],
    ]
    assert last_seq(collector, agent) is None


def history_rows(collector: LiveCollector, agent: Agent) -> int:
    """Count the reports of `agent` in the store's history (one row per received seq)."""
    engine = make_engine(collector.store_url)
    try:
        with engine.connect() as conn:
            query = select(func.count()).where(history.c.agent_id == agent.agent_id)
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def test_replayed_seqs_are_acknowledged_and_stored_once(
    collector: LiveCollector, agent: Agent
) -> None:
    batch = ndjson(agent.report(1), agent.report(2))
    first = send(collector.url, agent.token, batch)
    stored = admin_agents(collector.url, collector.admin_token)[agent.agent_id]

    again = send(collector.url, agent.token, batch)
    older = send(collector.url, agent.token, ndjson(agent.report(1, kind="inventory")))

    assert first.status == again.status == older.status == 200
    assert first.body["acknowledged"] == again.body["acknowledged"] == [1, 2]
    assert older.body["acknowledged"] == [1]
    assert again.body["rejected"] == older.body["rejected"] == []
    assert admin_agents(collector.url, collector.admin_token)[agent.agent_id] == stored
    assert stored["last_seq"] == 2
    assert history_rows(collector, agent) == 2


def test_gzip_batch_is_accepted(collector: LiveCollector, agent: Agent) -> None:
    body = gzip.compress(ndjson(agent.report(1), agent.report(2)))

    answer = send(collector.url, agent.token, body, Content_Encoding="gzip")

    assert answer.status == 200, answer
    assert answer.body["acknowledged"] == [1, 2]
    assert_visible(collector, agent, 2)


def padded(agent: Agent, size: int) -> bytes:
    """Return a batch of `size` bytes whose first line is a good report, padded with blanks."""
    good = ndjson(agent.report(1)) + b"\n"
    return good + b" " * (size - len(good))


def gzip_bomb(inflated_bytes: int) -> bytes:
    """Return gzip of `inflated_bytes` zero bytes (about 1000x smaller), built in pieces."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    piece = bytes(MIB)
    parts = [packer.compress(piece) for _ in range(inflated_bytes // MIB)]
    return b"".join(parts) + packer.flush()


def refused(collector: LiveCollector, agent: Agent, answer: Any, status: int, reason: str) -> None:
    """Assert a whole-request refusal: status, `{"error": ...}` with `reason`, nothing stored."""
    assert answer.status == status, answer
    assert reason in answer.error
    assert last_seq(collector, agent) is None


def test_body_over_the_limit_by_content_length_is_a_413(
    collector: LiveCollector, agent: Agent
) -> None:
    limit = collector.config.limits.max_body_bytes

    answer = send(collector.url, agent.token, padded(agent, limit + 1))

    refused(collector, agent, answer, 413, f"over the {limit}-byte limit")


def test_body_over_the_limit_when_chunked_is_a_413(collector: LiveCollector, agent: Agent) -> None:
    body = padded(agent, collector.config.limits.max_body_bytes + 1)
    chunks = (body[i : i + 64 * 1024] for i in range(0, len(body), 64 * 1024))

    answer = send(collector.url, agent.token, chunks)

    refused(collector, agent, answer, 413, "over the")


def test_body_at_the_limit_is_accepted(collector: LiveCollector, agent: Agent) -> None:
    answer = send(collector.url, agent.token, padded(agent, collector.config.limits.max_body_bytes))

    assert answer.status == 200, answer
    assert answer.body["acknowledged"] == [1]


def test_gzip_bomb_is_a_413_and_the_collector_stays_healthy(
    collector: LiveCollector, agent: Agent
) -> None:
    bomb = gzip_bomb(50 * MIB)
    assert len(bomb) < 100 * 1024  # it passes the compressed-size limit

    answer = send(collector.url, agent.token, bomb, Content_Encoding="gzip")

    refused(collector, agent, answer, 413, "inflates past")
    assert call(collector.url, "GET", "/healthz").status == 200
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"this is not gzip", "not valid gzip"), (gzip.compress(b"x" * 5000)[:-20], "truncated")],
    ids=["garbage", "truncated"],
)
def test_bad_gzip_is_a_400(
    collector: LiveCollector, agent: Agent, body: bytes, reason: str
) -> None:
    answer = send(collector.url, agent.token, body, Content_Encoding="gzip")

    refused(collector, agent, answer, 400, reason)


def test_unsupported_content_encoding_is_a_415(collector: LiveCollector, agent: Agent) -> None:
    answer = send(collector.url, agent.token, ndjson(agent.report(1)), Content_Encoding="br")

    refused(collector, agent, answer, 415, "'br' is not supported")


def test_too_many_reports_in_one_request_is_a_413(collector: LiveCollector, agent: Agent) -> None:
    most = collector.config.limits.max_reports_per_request
    body = ndjson(agent.report(1), *[b"{}"] * most)

    answer = send(collector.url, agent.token, body)

    refused(collector, agent, answer, 413, f"at most {most}")


@pytest.mark.parametrize(
    "headers",
    [{}, bearer("not-a-token"), {"Authorization": "Basic dXNlcjpwYXNz"}, bearer("")],
    ids=["missing", "wrong", "not bearer", "empty"],
)
def test_request_without_a_valid_token_is_a_401(
    collector: LiveCollector, agent: Agent, headers: dict[str, str]
) -> None:
    answer = call(
        collector.url,
        "POST",
        "/api/v1/reports",
        ndjson(agent.report(1)),
        {"Content-Type": NDJSON, **headers},
    )

    refused(collector, agent, answer, 401, "enroll")
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_revoked_agents_token_is_a_401(collector: LiveCollector, agent: Agent) -> None:
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200
    revoke = call(
        collector.url,
        "POST",
        f"/api/v1/admin/agents/{agent.agent_id}/revoke",
        headers=bearer(collector.admin_token),
    )
    assert revoke.status == 200, revoke

    answer = send(collector.url, agent.token, ndjson(agent.report(2)))

    assert answer.status == 401, answer
    assert "revoked" in answer.error
    assert last_seq(collector, agent) == 1
