"""`POST /api/v1/enroll`: a ward's enrollment secret and the agent's facts -> an agent token."""

from __future__ import annotations

import secrets
import time
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from collector.runtime import Runtime
from collector.secrets import hash_token
from collector.store.agents import agent_by_token_hash, last_seq
from collector.store.agents import enroll as store_enroll
from collector.store.engine import reader
from collector.store.moves import MoveRequest
from collector.store.ward_secrets import secret_hashes_for

router = APIRouter(prefix="/api/v1", tags=["agents"])

Hex32 = Annotated[str, Field(pattern="^[0-9a-f]{32}$")]
NO_NUL = "^[^\\x00]*$"  # PostgreSQL text cannot hold NUL: refuse it here, not with a 500


class EnrollIdentity(BaseModel):
    """The report's identity object: install id and hardware fingerprint."""

    install_id: Hex32
    machine_id_source: str = Field(max_length=32)
    fingerprint: Annotated[str, Field(pattern="^[0-9a-f]{64}$")]
    fingerprint_sources: list[str] = Field(max_length=8)


class EnrollRequest(BaseModel):
    """What an agent sends to enroll."""

    ward: str = Field(min_length=1, max_length=128, pattern=NO_NUL)
    secret: str = Field(min_length=1, max_length=512)
    agent_id: Hex32
    hostname: str = Field(min_length=1, max_length=253, pattern=NO_NUL)
    role: str = Field(default="workstation", pattern="^(workstation|server|video_conference)$")
    identity: EnrollIdentity
    # The agent's next seq: after a move into another ward, reports from it on name that ward.
    next_seq: int | None = Field(default=None, ge=1, le=2**62)


class EnrollResponse(BaseModel):
    """The agent's token (shown once), the last seq held for it, its config, and how long
    it may stay silent before it counts as down (it keeps its retries inside that)."""

    agent_id: str
    token: str
    last_seq: int
    config: dict[str, Any] | None
    stale_after_seconds: float


class MovePending(BaseModel):
    """A move into another ward made without the agent's token: the DTC decides it."""

    agent_id: str
    request_id: int
    from_ward: str
    to_ward: str
    status: str
    message: str


@router.post("/enroll", responses={202: {"model": MovePending}, 403: {}, 409: {}, 410: {}})
def enroll(body: EnrollRequest, request: Request) -> Any:
    """Exchange the ward's enrollment secret for an agent token; re-enrolling rotates it.

    Into another ward than the agent's, it is a move: made at once when the request carries
    the agent's current token (`Authorization: Bearer`), else filed for the DTC (202).
    """
    runtime: Runtime = request.app.state.runtime
    token = secrets.token_urlsafe(32)
    with reader(runtime.engine).connect() as conn:
        hashes = secret_hashes_for(conn, body.ward)
    # The KDF runs outside any write transaction: it takes a good part of a second.
    if not runtime.enrollment_secrets.admits(body.secret, hashes):
        raise HTTPException(403, f"wrong enrollment secret for ward {body.ward!r}")
    with runtime.engine.begin() as conn:
        outcome = store_enroll(
            conn,
            body.agent_id,
            body.ward,
            body.hostname,
            body.role,
            hash_token(token),
            body.identity.fingerprint,
            body.identity.install_id,
            time.time(),
            proven=_proves(conn, request, body.agent_id),
            from_seq=body.next_seq,
        )
        held = last_seq(conn, body.agent_id) or 0
    if outcome.kind == "clone":
        runtime.metrics.clone_detected()
        runtime.fleet.flag_clone(body.agent_id)  # in /metrics now, as in the store
        raise HTTPException(
            409,
            (
                f"agent_id {body.agent_id} is enrolled with other hardware: recorded as possible "
                f"clone #{outcome.clone_id} for the DTC to reconcile. On a cloned disk image, "
                "give this machine its own id (Linux: systemd-machine-id-setup; Windows: sysprep)."
            ),
        )
    if outcome.kind == "revoked":
        raise HTTPException(410, f"agent {body.agent_id} was revoked; ask the DTC to restore it")
    if outcome.kind in ("pending", "move_refused") and outcome.request is not None:
        return _move_not_made(body.agent_id, outcome.request)
    runtime.tokens.forget(body.agent_id)
    runtime.fleet.see_wards((body.ward,))  # in the ward rows from now on, as after a restart
    return EnrollResponse(
        agent_id=body.agent_id,
        token=token,
        last_seq=held,
        config=runtime.agent_config,
        stale_after_seconds=runtime.stale_after_seconds,
    )


def _proves(conn: Connection, request: Request, agent_id: str) -> bool:
    """Tell whether the request carries `agent_id`'s current token: the proof of a move."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    holder = agent_by_token_hash(conn, hash_token(token.strip()))
    return holder is not None and holder.agent_id == agent_id


def _move_not_made(agent_id: str, move: MoveRequest) -> JSONResponse:
    """Answer a move without proof: 202 while the DTC decides, 403 once it refused."""
    if move.status == "refused":
        raise HTTPException(
            403,
            f"the DTC refused moving agent {agent_id} from {move.from_ward!r} to "
            f"{move.to_ward!r} (request #{move.id}); it keeps reporting under {move.from_ward!r}",
        )
    message = (
        f"moving this machine from {move.from_ward!r} to {move.to_ward!r} needs the DTC's "
        f"approval (request #{move.id}): it keeps reporting under {move.from_ward!r} until "
        "then; enroll again once approved / Chờ Trung tâm CĐS duyệt việc chuyển đơn vị"
    )
    answer = MovePending(
        agent_id=agent_id, request_id=move.id, from_ward=move.from_ward,
        to_ward=move.to_ward, status=move.status, message=message,
    )  # fmt: skip
    return JSONResponse(answer.model_dump(), 202)
