"""`POST /api/v1/reports`: the ingest hot path, a bare Starlette route (see architecture.md)."""

from __future__ import annotations

import math

import orjson
from starlette.requests import Request
from starlette.responses import Response

from collector.errors import Rejected
from collector.ingest.body import decompress, read_limited
from collector.runtime import Runtime

PATH = "/api/v1/reports"


def json_response(status: int, body: object, headers: dict[str, str] | None = None) -> Response:
    """Answer `body` as JSON with `status`."""
    return Response(orjson.dumps(body), status, headers, media_type="application/json")


def refuse(runtime: Runtime, err: Rejected) -> Response:
    """Answer a refused request: its status, the reason, and Retry-After for 429."""
    runtime.metrics.report_rejected(err.cause)
    headers = None
    if err.retry_after_seconds is not None:
        headers = {"Retry-After": str(max(1, math.ceil(err.retry_after_seconds)))}
    if err.status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="wardwatch"'}
    return json_response(err.status, {"error": err.reason}, headers)


async def post_reports(request: Request) -> Response:
    """Accept a batch of reports from one authenticated agent."""
    runtime: Runtime = request.app.state.runtime
    try:
        agent_id, fingerprint = await runtime.authenticate_agent(
            request.headers.get("authorization", "")
        )
        limits = runtime.config.limits
        declared = request.headers.get("content-length")
        body = await read_limited(
            request.stream(),
            int(declared) if declared and declared.isdigit() else None,
            limits.max_body_bytes,
        )
        body = decompress(
            body, request.headers.get("content-encoding", ""), limits.max_inflated_bytes
        )
        outcome = await runtime.ingest.batch(
            agent_id,
            fingerprint,
            body,
            request.headers.get("content-type", "application/x-ndjson"),
        )
    except Rejected as err:
        return refuse(runtime, err)
    return json_response(
        outcome.status,
        {
            "acknowledged": outcome.acknowledged,
            "rejected": [r.as_dict() for r in outcome.rejected],
            "config": runtime.agent_config,
        },
    )
