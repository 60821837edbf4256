"""Admin endpoints (admin token): agents, clones, moves between units, the inventory."""

from __future__ import annotations

import dataclasses
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request

from collector.runtime import Runtime
from collector.store.agents import list_agents, revoke
from collector.store.clones import list_clones, resolve_clone
from collector.store.engine import reader
from collector.store.moves import decide, list_requests
from collector.tokens import is_admin
from configfile.errors import ConfigError

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # a row number: INTEGER in both stores


def admin_runtime(request: Request) -> Runtime:
    """Return the runtime if the request carries the admin token, else refuse with 401."""
    runtime: Runtime = request.app.state.runtime
    if not is_admin(request.headers.get("authorization", ""), runtime.admin_token_hash):
        raise HTTPException(401, "admin token required (collector config: admin_token_file)")
    return runtime


@router.get("/agents")
def agents(runtime: Runtime = Depends(admin_runtime)) -> list[dict[str, Any]]:  # noqa: B008
    """List enrolled agents, newest report first, without their token hashes."""
    with reader(runtime.engine).connect() as conn:
        rows = list_agents(conn, include_revoked=True)
    return [
        {
            "agent_id": a.agent_id,
            "ward": a.ward,
            "hostname": a.hostname,
            "role": a.role,
            "enrolled_at": a.enrolled_at,
            "revoked_at": a.revoked_at,
            "last_seq": a.last_seq,
            "last_report_at": a.last_report_at,
            "clone_suspected": a.clone_suspected,
        }
        for a in sorted(rows, key=lambda a: a.last_report_at or 0, reverse=True)
    ]


@router.post("/agents/{agent_id}/revoke", responses={404: {}})
def revoke_agent(agent_id: str, runtime: Runtime = Depends(admin_runtime)) -> dict[str, str]:  # noqa: B008
    """Revoke an agent: its token stops working and it leaves the metrics."""
    with runtime.engine.begin() as conn:
        if not revoke(conn, agent_id, time.time()):
            raise HTTPException(404, f"no enrolled agent {agent_id}")
    runtime.tokens.forget(agent_id)
    runtime.fleet.remove(agent_id)
    runtime.ingest.forget(agent_id)
    return {"agent_id": agent_id, "status": "revoked"}


@router.get("/clones")
def clones(runtime: Runtime = Depends(admin_runtime)) -> list[dict[str, Any]]:  # noqa: B008
    """List suspected clones waiting for a decision: same agent id, other hardware."""
    with reader(runtime.engine).connect() as conn:
        rows = list_clones(conn)
    return [dataclasses.asdict(c) for c in rows]


@router.post("/clones/{clone_id}/resolve", responses={404: {}})
def resolve(
    clone_id: RowId,
    accept: bool = False,
    runtime: Runtime = Depends(admin_runtime),  # noqa: B008
) -> dict[str, Any]:
    """Close a clone: accept adopts the new hardware (a repaired PC), else it stays refused."""
    with runtime.engine.begin() as conn:
        owner = next((c.agent_id for c in list_clones(conn) if c.id == clone_id), None)
        if owner is None or not resolve_clone(conn, clone_id, accept, time.time()):
            raise HTTPException(404, f"no open clone #{clone_id}")
        still_open = any(c.agent_id == owner for c in list_clones(conn))
    runtime.tokens.forget(owner)  # an accepted fingerprint is read afresh
    runtime.fleet.flag_clone(owner, still_open)
    return {"clone_id": clone_id, "accepted": accept}


@router.get("/moves")
def moves(
    status: Literal["pending", "approved", "refused", "done"] | None = None,
    runtime: Runtime = Depends(admin_runtime),  # noqa: B008
) -> list[dict[str, Any]]:
    """List requests to move a machine into another unit made without its token."""
    with reader(runtime.engine).connect() as conn:
        return [dataclasses.asdict(m) for m in list_requests(conn, status)]


@router.post("/moves/{request_id}/{decision}", responses={404: {}})
def decide_move(
    request_id: RowId,
    decision: Literal["approve", "refuse"],
    runtime: Runtime = Depends(admin_runtime),  # noqa: B008
) -> dict[str, Any]:
    """Approve or refuse a move; an approved one is made when the agent enrolls again."""
    with runtime.engine.begin() as conn:
        decided = decide(conn, request_id, decision == "approve", time.time())
    if decided is None:
        raise HTTPException(404, f"no pending or refused move request #{request_id}")
    return dataclasses.asdict(decided)


@router.post(
    "/inventory",
    responses={422: {}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
            },
        }
    },
)
async def import_inventory(
    request: Request,
    fmt: Literal["yaml", "csv"] | None = None,
    runtime: Runtime = Depends(admin_runtime),  # noqa: B008
) -> dict[str, int]:
    """Replace the inventory with a YAML or CSV upload (kept across restarts).

    The format comes from `fmt`, else from `Content-Type: text/csv`, else YAML. A bad file
    is refused with the line and key, and changes nothing.
    """
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise HTTPException(422, f"upload is not UTF-8 text (byte {err.start})") from err
    if fmt is None:
        csv = request.headers.get("content-type", "").startswith("text/csv")
        fmt = "csv" if csv else "yaml"
    try:
        inventory = runtime.replace_inventory(text, fmt)
    except ConfigError as err:
        raise HTTPException(422, str(err)) from err
    return {"wards": len(inventory.wards), "machines": len(inventory.machines)}
