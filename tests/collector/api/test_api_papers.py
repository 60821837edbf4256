"""/reports over real HTTP on both stores: the viewer token reads the documents and nothing
else; the agent's token and no token are refused there; the admin token reads them too."""

from __future__ import annotations

import base64
import secrets
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

METRICS_TOKEN = "metrics-" + secrets.token_hex(12)
FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@pytest.fixture(scope="module")
def collector_metrics(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Guard /metrics with a bearer token, so that the viewer's can be seen refused there."""
    path = tmp_path_factory.mktemp("metrics") / "metrics.token"
    path.write_text(METRICS_TOKEN + "\n", encoding="utf-8")
    return {"bearer_token_file": str(path)}


@pytest.fixture(scope="module")
def weak_agent(collector: LiveCollector) -> Agent:
    """An agent whose PC has two cores: the reinvestment list names it."""
    agent = enroll(collector.url, collector.secret, hostname="TD-WEAK-01")
    weak = agent.report(1)
    weak["hardware"]["cpu"] = {"model": "Intel(R) Celeron(R) CPU G1820 @ 2.70GHz",
                               "vendor": "Intel", "physical_cores": 2, "logical_cores": 2,
                               "max_frequency_hertz": 2.7e9}  # fmt: skip
    assert send(collector.url, agent.token, ndjson(weak)).status == 200
    return agent


def _get(collector: LiveCollector, path: str, headers: dict[str, str] | None = None) -> Any:
    return call(collector.url, "GET", path, headers=headers or {}, timeout_seconds=120)


def _basic(password: str, user: str = "viewer") -> dict[str, str]:
    raw = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_the_index_lists_the_units_and_links_their_documents(
    collector: LiveCollector, weak_agent: Agent
) -> None:
    answer = _get(collector, "/reports/", bearer(collector.viewer_token))

    assert answer.status == 200 and answer.headers["content-type"].startswith("text/html")
    assert f'data-unit="{WARD}"' in answer.body
    assert f"reinvestment.pdf?unit={WARD}&amp;lang=vi" in answer.body
    assert _get(collector, "/reports", bearer(collector.viewer_token)).status in (200, 307)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_viewer_reads_each_format(
    collector: LiveCollector, weak_agent: Agent, fmt: str
) -> None:
    answer = _get(
        collector, f"/reports/reinvestment.{fmt}?unit={WARD}", bearer(collector.viewer_token)
    )

    assert answer.status == 200, answer
    assert answer.headers["content-type"] == FORMATS[fmt]
    assert f'filename="dau-tu-lai-{WARD}.{fmt}"' in answer.headers["content-disposition"]
    if fmt == "json":
        (unit,) = answer.body["units"]
        assert unit["ward"] == WARD and unit["cost_vnd"] > 0
        assert any(m["hostname"] == "TD-WEAK-01" for m in unit["machines"])
    if fmt == "csv":
        assert answer.body.startswith("\ufeffHạng,") and "TD-WEAK-01" in answer.body


def test_every_document_is_served(collector: LiveCollector, weak_agent: Agent) -> None:
    for document in ("handover", "readiness"):
        for fmt in ("html", "json", "csv", "xlsx"):
            answer = _get(collector, f"/reports/{document}.{fmt}", bearer(collector.viewer_token))
            assert answer.status == 200, (document, fmt, answer)


def test_a_browser_is_asked_for_the_token_and_may_give_it_as_a_password(
    collector: LiveCollector,
) -> None:
    asked = _get(collector, "/reports/")
    assert asked.status == 401
    assert asked.headers["www-authenticate"].startswith('Basic realm="wardwatch reports"')

    assert _get(collector, "/reports/", _basic(collector.viewer_token)).status == 200
    assert _get(collector, "/reports/", _basic(collector.viewer_token, user="")).status == 200
    assert _get(collector, "/reports/", _basic("not-the-token-at-all")).status == 401


@pytest.mark.parametrize(
    "path", ["/reports/", "/reports/reinvestment.csv", "/reports/handover.pdf"]
)
def test_the_agent_token_and_no_token_are_refused_on_reports(
    collector: LiveCollector, weak_agent: Agent, path: str
) -> None:
    for headers in ({}, bearer(weak_agent.token), bearer("x" * 40), {"Authorization": "Basic !!"}):
        answer = _get(collector, path, headers)
        assert answer.status == 401, (headers, answer)
        assert "viewer_token_file" in answer.error


def test_the_admin_token_reads_reports_too(collector: LiveCollector) -> None:
    assert _get(collector, "/reports/readiness.json", bearer(collector.admin_token)).status == 200


ADMIN_READS = ["/agents", "/clones", "/moves", "/reconciliation", "/handovers", "/reinvestment"]


def test_the_viewer_token_is_refused_everywhere_else(
    collector: LiveCollector, weak_agent: Agent
) -> None:
    viewer = bearer(collector.viewer_token)
    for path in ADMIN_READS:
        assert _get(collector, f"/api/v1/admin{path}", viewer).status == 401, path
    upload = call(collector.url, "POST", "/api/v1/admin/inventory", b"wards: []\n", viewer)
    revoke = call(collector.url, "POST", f"/api/v1/admin/agents/{weak_agent.agent_id}/revoke",
                  b"", viewer)  # fmt: skip
    assert (upload.status, revoke.status) == (401, 401)
    assert send(collector.url, collector.viewer_token, ndjson(weak_agent.report(2))).status == 401
    assert _get(collector, "/metrics", viewer).status == 401
    assert _get(collector, "/metrics", bearer(METRICS_TOKEN)).status == 200
    moving = enroll_payload("not-the-ward-secret-x", agent_id=weak_agent.agent_id,
                            fingerprint=weak_agent.fingerprint, ward="phuong-sai-gon")  # fmt: skip
    assert post_json(collector.url, "/api/v1/enroll", moving, viewer).status in (401, 403)
    assert _get(collector, "/api/v1/admin/agents", bearer(collector.admin_token)).status == 200


def test_bad_asks_get_a_reason_not_a_5xx(collector: LiveCollector) -> None:
    viewer = bearer(collector.viewer_token)
    unknown = _get(collector, "/reports/readiness.html?unit=phuong-khong-co", viewer)
    assert unknown.status == 404 and "not in the inventory" in unknown.error
    table = _get(collector, "/reports/readiness.csv?table=nope", viewer)
    assert table.status == 422 and "choose one of units, reasons" in table.error
    assert _get(collector, "/reports/budget.csv", viewer).status == 422
    assert _get(collector, "/reports/readiness.docx", viewer).status == 422
    assert _get(collector, "/reports/readiness.csv?lang=fr", viewer).status == 422


def test_the_pdf_comes_from_its_child_process_and_opens_inline(
    collector: LiveCollector, weak_agent: Agent
) -> None:
    path = f"/reports/readiness.pdf?unit={WARD}&lang=en"
    answer = _get(collector, path, bearer(collector.viewer_token))
    again = _get(collector, path, bearer(collector.viewer_token))  # the same child, reused

    assert answer.status == again.status == 200
    assert answer.body.startswith(b"%PDF") and again.body.startswith(b"%PDF")
    assert answer.headers["content-disposition"].startswith("inline;")
