"""What officials read: reconciliation against the inventory, PC handovers, reinvestment."""

from __future__ import annotations

from typing import Any

from api_client import (
    WARD,
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

OTHER = "phuong-sai-gon"


def _upload(collector: LiveCollector, text: str) -> None:
    headers = {"Content-Type": "text/plain; charset=utf-8", **bearer(collector.admin_token)}
    answer = call(collector.url, "POST", "/api/v1/admin/inventory", text.encode(), headers)
    assert answer.status == 200, answer


def _get(collector: LiveCollector, path: str) -> Any:
    answer = call(collector.url, "GET", path, b"", bearer(collector.admin_token))
    assert answer.status == 200, answer
    return answer.body


INVENTORY = f"""\
wards:
  - {{code: {WARD}, name: Tân Định, kind: phuong, former_units: ["Quận 1 / Phường Đa Kao"]}}
  - {{code: {OTHER}, name: Sài Gòn, kind: phuong}}
machines:
  - {{ward: {WARD}, hostname: TD-PC01, former_unit: "Quận 1 / Phường Đa Kao"}}
  - {{ward: {WARD}, hostname: TD-PC02}}
"""


def test_reconciliation_counts_silent_and_unknown_machines(collector: LiveCollector) -> None:
    _upload(collector, INVENTORY)
    listed = enroll(collector.url, collector.secret, hostname="td-pc01")  # case differs
    stranger = enroll(collector.url, collector.secret, hostname="HOME-LAPTOP")
    for agent in (listed, stranger):
        assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200

    text = metrics(collector.url)
    assert sample_value(text, "wardwatch_ward_machines_silent", ward=WARD) == 1  # TD-PC02
    assert sample_value(text, "wardwatch_ward_machines_unknown", ward=WARD) == 1
    body = _get(collector, "/api/v1/admin/reconciliation")
    assert [m["hostname"] for m in body["silent"] if m["ward"] == WARD] == ["TD-PC02"]
    assert stranger.agent_id in {m["agent_id"] for m in body["unknown"]}


def test_a_pc_carried_to_another_ward_is_counted_as_handed_over(
    collector: LiveCollector,
) -> None:
    _upload(collector, INVENTORY)
    agent = enroll(collector.url, collector.secret, hostname="TD-PC01")
    send(collector.url, agent.token, ndjson(agent.report(1)))
    payload = enroll_payload(
        collector.secret,
        agent_id=agent.agent_id,
        fingerprint=agent.fingerprint,
        ward=OTHER,
        hostname="TD-PC01",
    )
    moved = post_json(collector.url, "/api/v1/enroll", payload, bearer(agent.token))
    assert moved.status == 200, moved  # the token proves the move  # fmt: skip

    body = _get(collector, "/api/v1/admin/handovers")

    assert any(
        e["agent_id"] == agent.agent_id and e["from_ward"] == WARD and e["to_ward"] == OTHER
        for e in body["events"]
    )
    reported = [m for m in body["moves"] if m["to"] == OTHER and m["reported"] >= 1]
    assert reported, body["moves"]


def test_reinvestment_list_is_in_vietnamese_with_a_cost(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    weak = agent.report(1)
    weak["hardware"]["cpu"] = {
        "model": "Intel(R) Celeron(R) CPU G1820 @ 2.70GHz",
        "vendor": "Intel",
        "physical_cores": 2,
        "logical_cores": 2,
        "max_frequency_hertz": 2.7e9,
    }
    assert send(collector.url, agent.token, ndjson(weak)).status == 200

    ranked = _get(collector, "/api/v1/admin/reinvestment?lang=vi")

    mine = [w for w in ranked if w["ward"] == WARD]
    assert mine and mine[0]["cost_vnd"] > 0
    assert "cần đầu tư lại" in mine[0]["summary"]
    assert any(r["rule"] == "cpu_cores" for r in mine[0]["reasons"])
