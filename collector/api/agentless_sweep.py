"""Admin endpoints of agentless collection: each machine's latest status, a sweep on demand."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import StreamingResponse

from collector.agentless.service import AgentlessService
from collector.agentless.status import HostStatus
from collector.api.admin import admin_runtime
from collector.runtime import Runtime

router = APIRouter(prefix="/api/v1/admin/agentless", tags=["admin"])


def _service(request: Request) -> AgentlessService:
    service: AgentlessService = request.app.state.agentless
    return service


@router.get("")
def statuses(
    request: Request,
    runtime: Runtime = Depends(admin_runtime),  # noqa: B008
) -> list[dict[str, Any]]:
    """List every agentless machine with its latest collection ("not_read" before the first)."""
    service = _service(request)
    rows = []
    for host in service.hosts():
        status = service.statuses.get(host.ward, host.hostname)
        rows.append(
            status.as_dict() if status else HostStatus(host, "not_read", "", 0, 0).as_dict()
        )
    return rows


@router.post("/sweep", responses={404: {}})
async def sweep(
    request: Request,
    unit: str | None = None,
    runtime: Runtime = Depends(admin_runtime),  # noqa: B008
) -> StreamingResponse:
    """Read the agentless machines (of `unit`) now; stream one JSON line per machine as it
    ends, between a `start` and a `done` line (NDJSON). Waits for a running sweep first."""
    if unit is not None and unit not in runtime.fleet.inventory.wards:
        raise HTTPException(404, f"no unit {unit!r} in the inventory")
    service = _service(request)
    return StreamingResponse(_events(service, unit), media_type="application/x-ndjson")


async def _events(service: AgentlessService, unit: str | None) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def heard(status: HostStatus) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, status.as_dict())

    yield _line({"event": "start", "unit": unit, "hosts": len(service.hosts(unit))})
    running = loop.run_in_executor(None, lambda: service.sweep(unit, heard))
    while not (running.done() and queue.empty()):
        getting = asyncio.ensure_future(queue.get())
        either: set[asyncio.Future[Any]] = {getting, running}
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        if getting.done():
            yield _line({"event": "host", **getting.result()})
        else:
            getting.cancel()
    done = await running or []
    summary = Counter(status.result for status in done)
    yield _line({"event": "done", "hosts": len(done), "results": dict(sorted(summary.items()))})


def _line(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode() + b"\n"
