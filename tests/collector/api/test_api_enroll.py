"""POST /api/v1/enroll over real HTTP: secrets, token rotation, clones, the seq held."""

from __future__ import annotations

import json
import logging

import pytest
from api_client import (
    Agent,
    admin_agents,
    bearer,
    call,
    enroll,
    enroll_payload,
    metrics,
    ndjson,
    post_json,
    sample_value,
    send,
)
from live_collector import LiveCollector

ENROLL = "/api/v1/enroll"
CLONES = "wardwatch_ingest_clones_detected_total"


def test_wrong_secret_is_a_403_naming_the_ward(collector: LiveCollector) -> None:
    payload = enroll_payload("not-the-secret-of-this-ward")

    answer = post_json(collector.url, ENROLL, payload)

    assert answer.status == 403, answer
    assert "wrong enrollment secret" in answer.error and payload["ward"] in answer.error
    assert payload["agent_id"] not in admin_agents(collector.url, collector.admin_token)


def test_malformed_enrollment_is_a_422(collector: LiveCollector) -> None:
    payload = enroll_payload(collector.secret, agent_id="NOT-HEX")

    assert post_json(collector.url, ENROLL, payload).status == 422


def test_first_enrollment_returns_a_working_token_and_last_seq_0(collector: LiveCollector) -> None:
    payload = enroll_payload(collector.secret)

    answer = post_json(collector.url, ENROLL, payload)

    assert answer.status == 200, answer
    assert answer.body["agent_id"] == payload["agent_id"] and answer.body["last_seq"] == 0
    agent = Agent(
        payload["agent_id"], answer.body["token"], payload["identity"]["fingerprint"], "pc-1"
    )
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200


def test_reenrolling_the_same_machine_rotates_the_token(collector: LiveCollector) -> None:
    first = enroll(collector.url, collector.secret)

    second = enroll(
        collector.url, collector.secret, agent_id=first.agent_id, fingerprint=first.fingerprint
    )

    assert second.token != first.token
    old = send(collector.url, first.token, ndjson(first.report(1)))
    assert old.status == 401, old
    new = send(collector.url, second.token, ndjson(second.report(1)))
    assert new.status == 200 and new.body["acknowledged"] == [1], new


def test_reenrollment_returns_the_last_seq_stored(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    sent = send(collector.url, agent.token, ndjson(*(agent.report(s) for s in (1, 2, 3))))
    assert sent.status == 200, sent

    again = post_json(
        collector.url,
        ENROLL,
        enroll_payload(collector.secret, agent_id=agent.agent_id, fingerprint=agent.fingerprint),
    )

    assert again.status == 200, again
    assert again.body["last_seq"] == 3


def test_same_agent_id_on_other_hardware_is_a_409_clone(collector: LiveCollector) -> None:
    original = enroll(collector.url, collector.secret)
    assert send(collector.url, original.token, ndjson(original.report(1))).status == 200
    clones_before = sample_value(metrics(collector.url), CLONES) or 0.0

    answer = post_json(
        collector.url, ENROLL, enroll_payload(collector.secret, agent_id=original.agent_id)
    )

    assert answer.status == 409, answer
    assert "clone" in answer.error and original.agent_id in answer.error
    text = metrics(collector.url)
    assert sample_value(text, CLONES) == clones_before + 1
    suspected = "wardwatch_machine_clone_suspected"
    assert sample_value(text, suspected, agent_id=original.agent_id) == 1.0
    assert admin_agents(collector.url, collector.admin_token)[original.agent_id]["clone_suspected"]
    # The known machine keeps its token: the clone was issued nothing.
    assert send(collector.url, original.token, ndjson(original.report(2))).status == 200


def test_revoked_agent_cannot_enroll_again(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    revoked = call(
        collector.url,
        "POST",
        f"/api/v1/admin/agents/{agent.agent_id}/revoke",
        headers=bearer(collector.admin_token),
    )
    assert revoked.status == 200, revoked

    again = post_json(
        collector.url,
        ENROLL,
        enroll_payload(collector.secret, agent_id=agent.agent_id, fingerprint=agent.fingerprint),
    )

    assert again.status == 410, again  # gone: not a wrong secret
    assert "revoked" in again.error


@pytest.mark.parametrize("field", ["ward", "hostname"])
def test_nul_in_a_stored_field_is_a_422(collector: LiveCollector, field: str) -> None:
    payload = enroll_payload(collector.secret)
    payload[field] = "pc\x00"

    answer = post_json(collector.url, ENROLL, payload)

    assert answer.status == 422, answer
    assert payload["agent_id"] not in admin_agents(collector.url, collector.admin_token)


@pytest.mark.parametrize(
    "change",
    [{"hostname": "pc\ud800"}, {"colour\ud800": "red"}, {"ward": 7}, {"identity": "\udfff"}],
    ids=["lone surrogate in a field", "lone surrogate in an unknown key", "wrong type", "nested"],
)
def test_an_invalid_enrollment_is_a_422_that_echoes_no_value(
    collector: LiveCollector, change: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    payload = {**enroll_payload(collector.secret), **change}
    body = json.dumps(payload).encode()  # ASCII: a lone surrogate travels as its \u escape

    with caplog.at_level(logging.DEBUG):
        answer = call(collector.url, "POST", ENROLL, body, {"Content-Type": "application/json"})

    assert answer.status in (200, 422), answer  # an unknown key is ignored; the rest refused
    if answer.status == 422:
        assert "invalid request" in answer.error
    assert collector.secret not in json.dumps(answer.body)
    assert collector.secret not in caplog.text and "Traceback" not in caplog.text
