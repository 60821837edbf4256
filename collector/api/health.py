"""`/healthz` (the process answers) and `/readyz` (the store answers too)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from collector.runtime import Runtime
from collector.store.engine import reader

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Say the process is alive."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {}})
def readyz(request: Request) -> JSONResponse:
    """Say whether the store can be reached; 503 with the reason if not."""
    runtime: Runtime = request.app.state.runtime
    try:
        with reader(runtime.engine).connect() as conn:  # never queue behind the writer
            conn.execute(text("SELECT 1"))
    except Exception as err:  # any store failure means not ready; say which
        return JSONResponse({"status": "unavailable", "error": str(err)}, 503)
    return JSONResponse({"status": "ok", "machines": len(runtime.fleet)})
