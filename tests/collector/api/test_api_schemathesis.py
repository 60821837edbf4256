"""Schemathesis against the live collector's own OpenAPI document, every operation.

Stateless property tests: requests that fit the schema and requests that break it, generated
by schemathesis from the document the running collector serves and sent with the credentials
its real clients use (the agent's token to ingest, the admin token to /api/v1/admin/*). No
answer may be a 5xx, and a documented status must carry the documented body.

One pytest item per operation and generation mode: schemathesis's own pytest integration
(`schemathesis.pytest.from_fixture`) does not run on pytest 9.2, so each item drives
`APIOperation.as_strategy()` with Hypothesis itself. schemathesis is a dev dependency:
without it this module fails to import; it never skips.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from api_client import Agent, bearer, enroll
from hypothesis import HealthCheck, given, settings
from live_collector import LiveCollector
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from collector.api.reports import PATH as REPORTS_PATH
from collector.app import create_app
from collector.config import CollectorConfig

pytestmark = pytest.mark.slow

ADMIN_PREFIX = "/api/v1/admin/"
CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES_PER_OPERATION = 25
# What the app publishes, known without a running collector, so each operation is one item.
OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, methods in create_app(CollectorConfig()).openapi()["paths"].items()
    for method in methods
)


@pytest.fixture(scope="module")
def collector_limits() -> dict[str, Any]:
    """Let the fuzzer send as fast as it can: a 429 would hide what the endpoint does."""
    return {"agent_burst_reports": 1_000_000, "agent_reports_per_second": 1_000_000.0}


@pytest.fixture(scope="module")
def agent(collector: LiveCollector) -> Agent:
    """The enrolled agent whose token the fuzzer sends to the ingest route."""
    return enroll(collector.url, collector.secret)


@pytest.fixture(scope="module")
def api_schema(collector: LiveCollector) -> schemathesis.BaseSchema:
    """Load the schema the running collector serves; requests go to that collector."""
    return schemathesis.openapi.from_url(collector.url + "/api/v1/openapi.json")


def credentials(path: str, collector: LiveCollector, agent: Agent) -> dict[str, str]:
    """Return the Authorization header the operation's real client sends."""
    if path == REPORTS_PATH:
        return bearer(agent.token)
    if path.startswith(ADMIN_PREFIX):
        return bearer(collector.admin_token)
    return {}


def test_the_served_schema_has_the_operations_fuzzed_here(
    api_schema: schemathesis.BaseSchema,
) -> None:
    served = sorted(result.ok().label for result in api_schema.get_all_operations())

    assert served == OPERATIONS


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_answers_without_5xx_and_as_documented(
    label: str,
    mode: GenerationMode,
    api_schema: schemathesis.BaseSchema,
    collector: LiveCollector,
    agent: Agent,
) -> None:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label
    headers = credentials(operation.path, collector, agent)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)

    answers_as_documented()
