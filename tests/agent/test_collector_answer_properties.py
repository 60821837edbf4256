"""Property tests of the agent's reading of the collector's answers, over real HTTP.

The delivery answer (`acknowledged`, `rejected`, `config`, `stale_after_seconds`) and the
enrollment answer (a token, a 202 pending move, a refusal) come back as any bytes, or as a
valid answer with one value replaced by any JSON value, under any status: a flush ends in
one of its documented results, enrollment in its result or an EnrollError, never another
exception; the spool keeps every report it was not told the fate of.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_collector import IDENTITY, FakeCollector, report_bytes
from fuzzing import fixed, json_values, replaced
from hypothesis import given
from hypothesis import strategies as st

from agent.config import AgentConfig, CollectorConfig
from agent.delivery import Delivery, DeliveryPolicy, FlushResult, apply_pushed_config
from agent.enroll import EnrollError, EnrollResult, MovePending, enroll
from agent.spool import SPOOL_FILE, Spool
from agent.transport import Client

STATUSES = st.sampled_from([200, 202, 400, 401, 403, 409, 410, 413, 415, 422, 429, 500, 503])
FLUSH_RESULTS = {"empty", "delivered", "deadline", "waiting", "backoff", "needs_reenroll"}

DELIVERY_ANSWER = {
    "acknowledged": [1, 2],
    "rejected": [{"seq": 3, "status": 403, "cause": "ward_mismatch", "reason": "elsewhere"}],
    "config": {"intervals": {"health_seconds": 30}},
    "stale_after_seconds": 180,
}
ENROLL_ANSWER = {
    "agent_id": IDENTITY.agent_id,
    "token": "t0ken",
    "last_seq": 7,
    "config": {"intervals": {"health_seconds": 30}},
    "stale_after_seconds": 180,
}
MOVE_ANSWER = {
    "agent_id": IDENTITY.agent_id,
    "request_id": 4,
    "from_ward": "26734",
    "to_ward": "26735",
    "status": "pending",
    "message": "the DTC decides",
}
REFUSAL = {"error": "wrong enrollment secret", "stale_after_seconds": 180}


def encoded(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """Encode drawn documents as a collector would (ASCII: a lone surrogate escaped)."""
    return documents.map(lambda doc: json.dumps(doc).encode())


def changed(valid: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """Draw `valid` with one value somewhere inside it replaced by any JSON value."""
    return encoded(replaced(valid))


ANYTHING = encoded(json_values) | st.binary(max_size=120)
RETRY_AFTER = st.sampled_from(
    ["1", "0", "-3", "²", "٣", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT",
     "Mon, 01 Jan 99999 00:00:00 GMT"]
) | st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=12)  # fmt: skip

DELIVERY_ANSWERS = st.one_of(
    st.tuples(st.just(200), st.just({}), changed(DELIVERY_ANSWER)),
    st.tuples(STATUSES, st.just({}), changed(DELIVERY_ANSWER) | ANYTHING),
    st.tuples(
        st.sampled_from([429, 503]),
        RETRY_AFTER.map(lambda value: {"Retry-After": value}),
        changed(REFUSAL) | ANYTHING,
    ),
)
ENROLL_ANSWERS = st.one_of(
    st.tuples(st.just(200), changed(ENROLL_ANSWER)),
    st.tuples(st.just(202), changed(MOVE_ANSWER)),
    st.tuples(STATUSES, changed(REFUSAL) | changed(ENROLL_ANSWER) | ANYTHING),
)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeCollector]:
    with FakeCollector() as server:
        yield server


def _answer_flush(fake: FakeCollector, status: int, headers: dict[str, str], body: bytes,
                  state: Path) -> tuple[FlushResult, Spool]:  # fmt: skip
    spool = Spool.open(state / SPOOL_FILE, 1 << 20)
    for _ in range(3):
        spool.append("health", lambda seq, dropped: report_bytes(seq, dropped))
    fake.script.clear()
    fake.script.append((status, headers, body))
    client = Client(CollectorConfig(url=fake.url, timeout_seconds=5))
    delivery = Delivery(spool, client, DeliveryPolicy(), lambda: "t0ken",
                        enrolled_ward=lambda: "26735")  # fmt: skip
    return delivery.flush(deadline=float("inf")), spool


@fixed(300)
@given(DELIVERY_ANSWERS)
def test_any_delivery_answer_ends_in_a_documented_result(
    fake: FakeCollector, answer: tuple[int, dict[str, str], bytes]
) -> None:
    status, headers, body = answer
    with tempfile.TemporaryDirectory() as state:
        result, spool = _answer_flush(fake, status, headers, body, Path(state))
        with spool:
            assert result.status in FLUSH_RESULTS, result
            left, _ = spool.depth()
            # Every report is still queued, acknowledged or set aside with its reason.
            assert left + result.acknowledged_reports + len(spool.rejected()) == 3, result
            if result.status in ("backoff", "needs_reenroll"):
                assert result.next_attempt_at > 0 and result.error
            assert isinstance(apply_pushed_config(AgentConfig(), result.config_text), AgentConfig)


@fixed(300)
@given(ENROLL_ANSWERS)
def test_any_enroll_answer_ends_in_a_result_or_an_enroll_error(
    fake: FakeCollector, answer: tuple[int, bytes]
) -> None:
    status, body = answer
    fake.enroll_answer = (status, {}, body)
    with tempfile.TemporaryDirectory() as state:
        try:
            result = enroll(fake.url, "26734", "s3cret", Path(state), IDENTITY, "pc-01",
                            AgentConfig(), Client(CollectorConfig(url=fake.url)))  # fmt: skip
        except EnrollError as err:
            assert str(err)
            assert status != 200 or not (Path(state) / "token").exists()
            return
        finally:
            fake.enroll_answer = None
        if isinstance(result, MovePending):
            assert status == 202 and isinstance(result.request_id, int)
            return
        assert status == 200 and isinstance(result, EnrollResult)
        assert result.next_seq == result.collector_last_seq + 1
        with Spool.open(Path(state) / SPOOL_FILE, 1 << 20) as spool:
            assert spool.next_seq() == result.next_seq
            window = spool.collector_window_seconds()
            assert window is None or window > 0
