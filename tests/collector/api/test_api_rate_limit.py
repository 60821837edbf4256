"""The per-agent token bucket over real HTTP: a tiny burst, then 429 with Retry-After."""

from __future__ import annotations

from typing import Any

import pytest
from api_client import admin_agents, enroll, ndjson, send
from live_collector import LiveCollector

BURST = 3


@pytest.fixture(scope="module")
def collector_limits() -> dict[str, Any]:
    """Allow each agent a burst of 3 reports and almost nothing after it."""
    return {
        "agent_burst_reports": BURST,
        "max_reports_per_request": BURST,
        "agent_reports_per_second": 0.01,
    }


def test_agent_over_its_burst_gets_429_with_retry_after(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    burst = send(collector.url, agent.token, ndjson(*(agent.report(s) for s in (1, 2, 3))))

    answer = send(collector.url, agent.token, ndjson(agent.report(4)))

    assert burst.status == 200 and burst.body["acknowledged"] == [1, 2, 3]
    assert answer.status == 429, answer
    assert "over its rate" in answer.error
    # one token at 0.01 per second: about 100 s, said in the header as in the reason
    assert 90 <= int(answer.headers["retry-after"]) <= 101
    assert admin_agents(collector.url, collector.admin_token)[agent.agent_id]["last_seq"] == 3


def test_batch_larger_than_the_request_limit_is_refused_whole(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)

    answer = send(collector.url, agent.token, ndjson(*(agent.report(s) for s in range(1, 6))))

    assert answer.status == 413, answer
    assert admin_agents(collector.url, collector.admin_token)[agent.agent_id]["last_seq"] is None


def test_one_agent_over_its_rate_does_not_limit_another(collector: LiveCollector) -> None:
    greedy, other = (enroll(collector.url, collector.secret) for _ in range(2))
    send(collector.url, greedy.token, ndjson(*(greedy.report(s) for s in (1, 2, 3))))
    assert send(collector.url, greedy.token, ndjson(greedy.report(4))).status == 429

    answer = send(collector.url, other.token, ndjson(other.report(1)))

    assert answer.status == 200, answer
    assert answer.body["acknowledged"] == [1]
