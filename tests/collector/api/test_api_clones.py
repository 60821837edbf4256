"""A cloned disk image carries the token too: its reports are refused, queued and shown."""

from __future__ import annotations

import secrets

from api_client import (
    admin_agents,
    bearer,
    call,
    enroll,
    make_report,
    metrics,
    ndjson,
    sample_value,
    send,
)
from live_collector import LiveCollector


def _admin(collector: LiveCollector, method: str, path: str) -> object:
    answer = call(collector.url, method, path, b"", bearer(collector.admin_token))
    assert answer.status == 200, answer
    return answer.body


def test_report_from_other_hardware_with_a_copied_token_is_refused_and_queued(
    collector: LiveCollector,
) -> None:
    agent = enroll(collector.url, collector.secret)
    before = sample_value(metrics(collector.url), "wardwatch_ingest_clones_detected_total") or 0
    twin = make_report(agent.agent_id, 2, secrets.token_hex(32), "clone-pc")

    answer = send(collector.url, agent.token, ndjson(agent.report(1), twin))

    assert answer.status == 200, answer
    assert answer.body["acknowledged"] == [1]
    [refused] = answer.body["rejected"]
    assert refused["seq"] == 2 and refused["status"] == 409
    assert "clone #" in refused["reason"]
    text = metrics(collector.url)
    assert sample_value(text, "wardwatch_ingest_clones_detected_total") == before + 1
    assert sample_value(text, "wardwatch_machine_clone_suspected", agent_id=agent.agent_id) == 1
    assert admin_agents(collector.url, collector.admin_token)[agent.agent_id]["last_seq"] == 1
    queue = _admin(collector, "GET", "/api/v1/admin/clones")
    assert [c["new_fingerprint"] for c in queue if c["agent_id"] == agent.agent_id] == [
        twin["identity"]["fingerprint"]
    ]


def test_accepting_new_hardware_lets_its_reports_in(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    repaired = secrets.token_hex(32)  # e.g. the mainboard was replaced
    first = send(
        collector.url, agent.token, ndjson(make_report(agent.agent_id, 1, repaired, agent.hostname))
    )
    assert first.body["rejected"][0]["status"] == 409
    queue = _admin(collector, "GET", "/api/v1/admin/clones")
    [clone_id] = [c["id"] for c in queue if c["agent_id"] == agent.agent_id]

    _admin(collector, "POST", f"/api/v1/admin/clones/{clone_id}/resolve?accept=true")
    again = send(
        collector.url, agent.token, ndjson(make_report(agent.agent_id, 1, repaired, agent.hostname))
    )

    assert again.body["acknowledged"] == [1], again
    text = metrics(collector.url)
    assert sample_value(text, "wardwatch_machine_clone_suspected", agent_id=agent.agent_id) == 0
