"""Schemathesis against the live collector's own OpenAPI document, every operation.

Stateless property tests: requests that fit the schema and requests that break it, generated
by schemathesis from the document the running collector serves and sent with the credentials
its real clients use (the agent's token to ingest, the admin token to /api/v1/admin/*, the
viewer token to /reports/). No answer may be a 5xx, and a documented status must carry the
documented body.

One pytest item per operation and generation mode: schemathesis's own pytest integration
(`schemathesis.pytest.from_fixture`) does not run on pytest 9.2, so each item drives
`APIOperation.as_strategy()` with Hypothesis itself. Requests go out through http.client,
not schemathesis's `requests` transport, which breaks when urllib3-future (pulled in by
niquests) takes urllib3's place. schemathesis is a dev dependency: without it this module
fails to import; it never skips.
"""

from __future__ import annotations

import http.client
import time
import urllib.parse
from typing import Any

import pytest
import requests
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

# The ingest route documents its NDJSON body as one string: send it as the text it is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")

ADMIN_PREFIX = "/api/v1/admin/"
PAPERS_PREFIX = "/reports/"
CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES_PER_OPERATION = 25
# What the app publishes, known without a running collector, so each operation is an item.
SPEC_PATHS = create_app(CollectorConfig()).api.openapi()["paths"]
OPERATIONS = sorted(
    f"{method.upper()} {path}" for path, ops in SPEC_PATHS.items() for method in ops
)
# Operations whose only input is a free-form string in the path: no request breaks the schema.
NO_INVALID_REQUEST = {"POST /api/v1/admin/agents/{agent_id}/revoke"}


def _modes(label: str) -> list[GenerationMode]:
    """Return the modes worth running: an operation without inputs has no invalid request."""
    method, path = label.split(" ", 1)
    spec = SPEC_PATHS[path][method.lower()]
    has_inputs = bool(spec.get("parameters") or spec.get("requestBody"))
    if has_inputs and label not in NO_INVALID_REQUEST:
        return list(GenerationMode)
    return [GenerationMode.POSITIVE]


CASES = [
    pytest.param(label, mode, id=f"{label}-{mode}")
    for label in OPERATIONS
    for mode in _modes(label)
]


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
    if path.startswith(PAPERS_PREFIX):
        return bearer(collector.viewer_token)
    return {}


def send(case: schemathesis.Case, base_url: str, headers: dict[str, str]) -> schemathesis.Response:
    """Send `case` as schemathesis serializes it, over http.client; return the answer."""
    request = requests.Request(**case.as_transport_kwargs(base_url, headers)).prepare()
    parts = urllib.parse.urlsplit(request.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    started = time.monotonic()
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(str(request.method), target, request.body, dict(request.headers))
        answer = conn.getresponse()
        content = answer.read()
    finally:
        conn.close()
    elapsed_seconds = time.monotonic() - started
    found: dict[str, list[str]] = {}
    for name, value in answer.getheaders():
        found.setdefault(name.lower(), []).append(value)
    return schemathesis.Response(
        answer.status, found, content, request, elapsed_seconds, verify=True, message=answer.reason
    )


def test_the_served_schema_has_the_operations_fuzzed_here(
    api_schema: schemathesis.BaseSchema,
) -> None:
    served = sorted(result.ok().label for result in api_schema.get_all_operations())

    assert served == OPERATIONS


@pytest.mark.parametrize(("label", "mode"), CASES)
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
        derandomize=True,  # the same cases on every CI run
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: schemathesis.Case) -> None:
        case.validate_response(send(case, collector.url, headers), checks=CHECKS, headers=headers)

    answers_as_documented()
