"""A PC carried to another unit, over real HTTP: bound to its unit, moved only with proof.

Every test collector admits every ward with one secret ("*"), as a city-wide secret would:
so holding a secret never lets one take over another unit's machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_client import (
    WARD,
    Agent,
    bearer,
    call,
    enroll,
    enroll_payload,
    ndjson,
    post_json,
    send,
)
from live_collector import LiveCollector

from agent.config import CollectorConfig
from agent.delivery import Delivery, DeliveryPolicy
from agent.spool import SPOOL_FILE, Spool
from agent.transport import Client
from contract import report

OTHER = "phuong-sai-gon"
ENROLL = "/api/v1/enroll"


def move(collector: LiveCollector, agent: Agent, *, proof: bool, next_seq: int = 2) -> Any:
    """Enroll `agent`'s machine into OTHER, with its current token as proof or without."""
    payload = enroll_payload(
        collector.secret, agent_id=agent.agent_id, fingerprint=agent.fingerprint, ward=OTHER,
        hostname=agent.hostname,
    ) | {"next_seq": next_seq}  # fmt: skip
    return post_json(collector.url, ENROLL, payload, bearer(agent.token) if proof else None)


def admin(collector: LiveCollector, method: str, path: str) -> Any:
    answer = call(collector.url, method, f"/api/v1/admin{path}", None,
                  bearer(collector.admin_token))  # fmt: skip
    assert answer.status == 200, answer
    return answer.body


def handovers_of(collector: LiveCollector, agent: Agent) -> list[tuple[str, str, int, str]]:
    events = admin(collector, "GET", "/handovers")["events"]
    return [(e["from_ward"], e["to_ward"], e["seq"], e["evidence"])
            for e in events if e["agent_id"] == agent.agent_id]  # fmt: skip


def test_a_report_naming_another_unit_is_refused_and_records_no_handover(
    collector: LiveCollector,
) -> None:
    agent = enroll(collector.url, collector.secret)

    answer = send(collector.url, agent.token, ndjson(agent.report(1, ward=OTHER), agent.report(2)))

    assert answer.body["acknowledged"] == [2]
    [refused] = answer.body["rejected"]
    assert refused["status"] == 403 and "enroll" in refused["reason"], refused
    assert handovers_of(collector, agent) == []


def test_a_move_proven_by_the_token_takes_effect_from_the_agents_next_seq(
    collector: LiveCollector,
) -> None:
    agent = enroll(collector.url, collector.secret)
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200

    moved = move(collector, agent, proof=True, next_seq=3)
    assert moved.status == 200, moved
    new = Agent(agent.agent_id, moved.body["token"], agent.fingerprint, agent.hostname)

    # seq 2 was spooled before the move: it still names the old unit
    answer = send(collector.url, new.token, ndjson(new.report(2), new.report(3, ward=OTHER),
                                                   new.report(4)))  # fmt: skip
    assert answer.body["acknowledged"] == [2, 3]
    assert [r["seq"] for r in answer.body["rejected"]] == [4]
    assert send(collector.url, agent.token, ndjson(agent.report(5, ward=OTHER))).status == 401
    assert handovers_of(collector, agent) == [(WARD, OTHER, 3, "proven")]


def test_a_move_without_proof_waits_for_the_dtc_and_the_old_token_keeps_working(
    collector: LiveCollector,
) -> None:
    agent = enroll(collector.url, collector.secret)

    pending = move(collector, agent, proof=False)
    again = move(collector, agent, proof=False)

    assert pending.status == 202 and again.status == 202, pending
    assert pending.body["request_id"] == again.body["request_id"]  # one request, not two
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200
    assert handovers_of(collector, agent) == []
    listed = admin(collector, "GET", "/moves?status=pending")
    assert [(m["agent_id"], m["to_ward"]) for m in listed] == [(agent.agent_id, OTHER)]

    admin(collector, "POST", f"/moves/{pending.body['request_id']}/approve")
    approved = move(collector, agent, proof=False, next_seq=2)

    assert approved.status == 200, approved
    assert send(collector.url, agent.token, ndjson(agent.report(2))).status == 401
    assert handovers_of(collector, agent) == [(WARD, OTHER, 2, "approved")]


def test_a_refused_move_is_refused_at_every_try(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    pending = move(collector, agent, proof=False)

    admin(collector, "POST", f"/moves/{pending.body['request_id']}/refuse")
    refused = move(collector, agent, proof=False)

    assert refused.status == 403 and "refused" in refused.error, refused
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200


@pytest.mark.parametrize("token", ["someone-elses", "none"])
def test_another_agents_token_proves_nothing(collector: LiveCollector, token: str) -> None:
    victim = enroll(collector.url, collector.secret)
    other = enroll(collector.url, collector.secret)
    thief = Agent(victim.agent_id, other.token if token == "someone-elses" else "",
                  victim.fingerprint, victim.hostname)  # fmt: skip

    taken = move(collector, thief, proof=token == "someone-elses")

    assert taken.status == 202, taken  # filed for the DTC, no token handed out
    assert send(collector.url, victim.token, ndjson(victim.report(1))).status == 200


def test_a_report_built_while_its_agent_moved_is_restamped_and_accepted(
    collector: LiveCollector, tmp_path: Path
) -> None:
    """The agent's delivery against the collector: enrollment into OTHER took the next
    seq while the report under that seq was still being collected under the old unit."""
    agent = enroll(collector.url, collector.secret)
    moved = move(collector, agent, proof=True, next_seq=1)
    assert moved.status == 200, moved
    with Spool.open(tmp_path / SPOOL_FILE, 1 << 20) as spool:
        spool.append("health", lambda seq, dropped: report.encode(agent.report(seq)))
        assert delivered(spool, collector, moved.body["token"], enrolled_in=None) == (0, 1)
        spool.append("health", lambda seq, dropped: report.encode(agent.report(seq)))

        assert delivered(spool, collector, moved.body["token"], enrolled_in=OTHER) == (1, 0)

    assert handovers_of(collector, agent) == [(WARD, OTHER, 1, "proven")]
    row = admin(collector, "GET", "/agents")
    assert [(a["ward"], a["last_seq"]) for a in row if a["agent_id"] == agent.agent_id] == [
        (OTHER, 2)
    ]


def delivered(
    spool: Spool, collector: LiveCollector, token: str, enrolled_in: str | None
) -> tuple[int, int]:
    """Flush `spool` with the agent's delivery; return the reports acknowledged, set aside."""
    client = Client(CollectorConfig(url=collector.url))
    delivery = Delivery(spool, client, DeliveryPolicy(), lambda: token,
                        enrolled_ward=lambda: enrolled_in)  # fmt: skip
    result = delivery.flush(deadline=float("inf"))
    return result.acknowledged_reports, result.rejected_reports
