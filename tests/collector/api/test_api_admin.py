"""The admin API over real HTTP: the admin token, listing and revoking agents, the inventory."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_client import (
    WARD,
    Reply,
    admin_agents,
    bearer,
    call,
    enroll,
    metrics,
    ndjson,
    sample_value,
    samples,
    send,
)
from live_collector import LiveCollector

INVALID = Path(__file__).parents[2] / "testdata" / "inventory" / "invalid"
EXPECTED = "wardwatch_ward_machines_expected"


def inventory_yaml(expected_machines: int) -> str:
    """Return an inventory naming the test ward with `expected_machines`."""
    return (
        "wards:\n"
        f"  - code: {WARD}\n"
        "    name: Tân Định\n"
        "    kind: phuong\n"
        f"    expected_machines: {expected_machines}\n"
    )


def upload(collector: LiveCollector, text: str) -> Reply:
    """POST an inventory as YAML text with the admin token."""
    headers = {"Content-Type": "text/plain; charset=utf-8", **bearer(collector.admin_token)}
    return call(collector.url, "POST", "/api/v1/admin/inventory", text.encode(), headers)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/admin/agents"),
        ("POST", "/api/v1/admin/agents/" + "0" * 32 + "/revoke"),
        ("POST", "/api/v1/admin/inventory"),
    ],
)
@pytest.mark.parametrize(
    "headers",
    [{}, bearer("wrong-admin-token"), {"Authorization": "Basic YWRtaW46YWRtaW4="}],
    ids=["none", "wrong", "basic"],
)
def test_admin_endpoints_refuse_without_the_admin_token(
    collector: LiveCollector, method: str, path: str, headers: dict[str, str]
) -> None:
    answer = call(collector.url, method, path, b"wards: []\n", headers)

    assert answer.status == 401, answer
    assert "admin token required" in answer.error


def test_an_agent_token_is_not_an_admin_token(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)

    answer = call(collector.url, "GET", "/api/v1/admin/agents", headers=bearer(agent.token))

    assert answer.status == 401, answer


def test_list_agents_shows_each_agent_without_its_token(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    assert send(collector.url, agent.token, ndjson(agent.report(1), agent.report(2))).status == 200

    row = admin_agents(collector.url, collector.admin_token)[agent.agent_id]

    assert (row["ward"], row["hostname"], row["role"]) == (WARD, agent.hostname, "workstation")
    assert (row["last_seq"], row["revoked_at"], row["clone_suspected"]) == (2, None, False)
    assert row["last_report_at"] >= row["enrolled_at"]
    assert not any("token" in key for key in row)


def test_revoke_removes_the_machine_from_metrics(collector: LiveCollector) -> None:
    agent = enroll(collector.url, collector.secret)
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200
    before = metrics(collector.url)
    assert samples(before, "wardwatch_machine_info", agent_id=agent.agent_id)

    answer = call(
        collector.url,
        "POST",
        f"/api/v1/admin/agents/{agent.agent_id}/revoke",
        headers=bearer(collector.admin_token),
    )

    assert answer.status == 200, answer
    assert answer.body == {"agent_id": agent.agent_id, "status": "revoked"}
    after = metrics(collector.url)
    assert agent.agent_id not in after
    machines = "wardwatch_fleet_machines"
    assert sample_value(after, machines) == (sample_value(before, machines) or 0) - 1
    assert admin_agents(collector.url, collector.admin_token)[agent.agent_id]["revoked_at"]


@pytest.mark.parametrize("agent_id", ["f" * 32, "already-revoked"])
def test_revoking_an_unknown_or_revoked_agent_is_a_404(
    collector: LiveCollector, agent_id: str
) -> None:
    if agent_id == "already-revoked":
        agent_id = enroll(collector.url, collector.secret).agent_id
        path = f"/api/v1/admin/agents/{agent_id}/revoke"
        assert (
            call(collector.url, "POST", path, headers=bearer(collector.admin_token)).status == 200
        )

    answer = call(
        collector.url,
        "POST",
        f"/api/v1/admin/agents/{agent_id}/revoke",
        headers=bearer(collector.admin_token),
    )

    assert answer.status == 404, answer
    assert agent_id in answer.error


def test_inventory_import_changes_ward_expectations(collector: LiveCollector) -> None:
    first = upload(collector, inventory_yaml(7))
    assert first.status == 200 and first.body == {"wards": 1, "machines": 0}, first
    assert sample_value(metrics(collector.url), EXPECTED, ward=WARD) == 7

    second = upload(collector, inventory_yaml(12))

    assert second.status == 200, second
    assert sample_value(metrics(collector.url), EXPECTED, ward=WARD) == 12


@pytest.mark.parametrize(
    "name", ["bad-kind.yml", "duplicate-code.yml", "negative-expected-machines.yml"]
)
def test_bad_inventory_is_a_422_naming_line_and_key_and_changes_nothing(
    collector: LiveCollector, name: str
) -> None:
    assert upload(collector, inventory_yaml(5)).status == 200
    expected_error = (INVALID / f"{name}.err").read_text(encoding="utf-8").strip()

    answer = upload(collector, (INVALID / name).read_text(encoding="utf-8"))

    assert answer.status == 422, answer
    assert answer.error == expected_error.replace(name, "upload")
    assert sample_value(metrics(collector.url), EXPECTED, ward=WARD) == 5
