"""Schemathesis against the live collector's own OpenAPI document, every operation.

Stateless property tests: valid and invalid requests generated from the schema, sent with
the right credentials (the agent's token to ingest, the admin token to /api/v1/admin/*).
No answer may be a 5xx, and a documented status must carry the documented body.
schemathesis is a dev dependency: without it this module fails to import, it never skips.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from api_client import Agent, bearer, enroll
from hypothesis import HealthCheck, settings
from live_collector import LiveCollector
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from collector.api.reports import PATH as REPORTS_PATH

pytestmark = pytest.mark.slow

ADMIN_PREFIX = "/api/v1/admin/"
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture(scope="module")
def collector_limits() -> dict[str, Any]:
    """Let the fuzzer send as fast as it can: a 429 would hide what the endpoint does."""
    return {"agent_burst_reports": 1_000_000, "agent_reports_per_second": 1_000_000.0}


@pytest.fixture(scope="module")
def agent(collector: LiveCollector) -> Agent:
    """The enrolled agent whose token the fuzzer sends to the ingest route."""
    return enroll(collector.url, collector.secret)


@pytest.fixture
def api_schema(collector: LiveCollector) -> schemathesis.BaseSchema:
    """Load the schema the running collector publishes; requests go to that collector."""
    return schemathesis.openapi.from_url(collector.url + "/api/v1/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


def credentials(path: str, collector: LiveCollector, agent: Agent) -> dict[str, str]:
    """Return the Authorization header an operation's real client sends."""
    if path == REPORTS_PATH:
        return bearer(agent.token)
    if path.startswith(ADMIN_PREFIX):
        return bearer(collector.admin_token)
    return {}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_without_5xx_and_as_documented(
    case: schemathesis.Case, collector: LiveCollector, agent: Agent
) -> None:
    headers = {**(case.headers or {}), **credentials(case.path, collector, agent)}
    case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)
