"""`POST /api/v1/reports`: the ingest hot path, a plain ASGI endpoint (see architecture.md).

No framework objects on this path: headers are read from the ASGI scope, the body from
`receive`, the answer is two `send` calls. `collector.app` routes this path's POSTs here
before FastAPI; FastAPI keeps the same endpoint as a route, for the OpenAPI spec and for
other methods (405).
"""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from collector.errors import Rejected
from collector.ingest.body import decompress, read_limited
from collector.runtime import Runtime

PATH = "/api/v1/reports"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class _Disconnected(Exception):
    """The agent hung up before its body arrived: there is no one to answer."""


async def ingest(runtime: Runtime, scope: Scope, receive: Receive, send: Send) -> None:
    """Accept a batch of reports from one authenticated agent and answer it."""
    try:
        status, body, extra = await _answer(runtime, _headers(scope), receive)
    except _Disconnected:
        return
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


Answer = tuple[int, bytes, tuple[tuple[bytes, bytes], ...]]


async def _answer(runtime: Runtime, headers: dict[bytes, bytes], receive: Receive) -> Answer:
    try:
        holder = await runtime.tokens.authenticate(
            headers.get(b"authorization", b"").decode("latin-1")
        )
        limits = runtime.config.limits
        declared = headers.get(b"content-length", b"")
        raw = await read_limited(
            _chunks(receive),
            int(declared) if declared.isdigit() else None,
            limits.max_body_bytes,
        )
        raw = decompress(
            raw,
            headers.get(b"content-encoding", b"").decode("latin-1"),
            limits.max_inflated_bytes,
        )
        content_type = headers.get(b"content-type", b"application/x-ndjson").decode("latin-1")
        outcome = await runtime.ingest.batch(holder, raw, content_type)
    except Rejected as err:
        return _refusal(runtime, err)
    answer = {
        "acknowledged": outcome.acknowledged,
        "rejected": [r.as_dict() for r in outcome.rejected],
        "config": runtime.agent_config,
        "stale_after_seconds": runtime.stale_after_seconds,
    }
    return outcome.status, _json(answer), ()


def _json(value: Any) -> bytes:
    """Encode an answer; what orjson refuses (a lone surrogate, an integer beyond 64 bits,
    both echoed from what an agent sent) is written ASCII-escaped, never a 500."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, ensure_ascii=True).encode()


def _refusal(runtime: Runtime, err: Rejected) -> Answer:
    """Count a refused request; return its status, `{"error": reason}` and extra headers."""
    runtime.metrics.report_rejected(err.cause)
    extra: tuple[tuple[bytes, bytes], ...] = ()
    if err.retry_after_seconds is not None:
        extra = ((b"retry-after", str(max(1, math.ceil(err.retry_after_seconds))).encode()),)
    if err.status == 401:
        extra = ((b"www-authenticate", b'Bearer realm="wardwatch"'),)
    body = {"error": err.reason, "stale_after_seconds": runtime.stale_after_seconds}
    return err.status, _json(body), extra


class Endpoint:
    """The ingest endpoint as an ASGI app; the runtime is the one on `scope["app"].state`."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ingest request."""
        await ingest(scope["app"].state.runtime, scope, receive, send)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    """Header names (lower case, as ASGI gives them) to values; the first of repeats wins."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        found.setdefault(name, value)
    return found


async def _chunks(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return
