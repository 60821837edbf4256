"""The collector's ASGI app: FastAPI for the API surface, a plain ASGI endpoint for ingest."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from collector import __version__
from collector.agentless.service import AgentlessService
from collector.api import accounting, admin, agentless_sweep, enroll, health, papers, reports
from collector.api.openapi import with_ingest_spec
from collector.config import CollectorConfig
from collector.gc_clock import GcClock
from collector.jobs import Jobs
from collector.metrics.render import Exposition
from collector.metrics.scrape_auth import ScrapeAuth
from collector.metrics.textformat import CONTENT_TYPE
from collector.metrics.thresholds import Thresholds
from collector.metrics.ward_view import WardView
from collector.papers.pdf_process import PdfProcess
from collector.runtime import Runtime
from collector.store.engine import reader
from collector.store.handovers import handovers_by_ward
from collector.wards import ward_views


class CollectorApp:
    """What uvicorn serves: agents' report POSTs straight to the ingest endpoint, the rest to
    FastAPI (`api`), whose middleware and router would be a large share of every report's
    cost (bench/ingest/README.md, "A plain ASGI endpoint")."""

    def __init__(self, api: FastAPI) -> None:
        self.api = api
        self._ingest = reports.Endpoint()

    async def __call__(
        self, scope: reports.Scope, receive: reports.Receive, send: reports.Send
    ) -> None:
        """Dispatch one ASGI connection scope."""
        if scope["type"] == "http" and scope["path"] == reports.PATH and scope["method"] == "POST":
            scope["app"] = self.api
            await self._ingest(scope, receive, send)
        else:
            await self.api(scope, receive, send)


def create_app(config: CollectorConfig) -> CollectorApp:
    """Build the app for `config`; the store opens when the app starts."""
    return CollectorApp(create_api(config))


def create_api(config: CollectorConfig) -> FastAPI:
    """Build the FastAPI app: every route, the ingest one included (spec, 405s)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime.start(config)
        agentless = AgentlessService.for_runtime(runtime, asyncio.get_running_loop())
        jobs = Jobs(runtime, agentless)
        app.state.runtime = runtime
        app.state.agentless = agentless
        app.state.exposition = Exposition(
            runtime.fleet,
            lambda: _ward_rows(runtime),
            runtime.metrics,
            stale_after_seconds=runtime.stale_after_seconds,
            thresholds=Thresholds(runtime.standard, runtime.stale_after_seconds),
        )
        app.state.pdf_process = PdfProcess()
        jobs.start()
        clock = GcClock()
        clock.start()
        try:
            yield
        finally:
            clock.stop()
            jobs.stop()
            app.state.pdf_process.close()
            runtime.stop()

    app = FastAPI(
        title="wardwatch collector",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.router.routes.append(Route(reports.PATH, reports.Endpoint(), methods=["POST"]))
    app.include_router(enroll.router)
    app.include_router(admin.router)
    app.include_router(agentless_sweep.router)
    app.include_router(accounting.router)
    app.include_router(health.router)
    app.include_router(papers.router)
    app.state.scrape_auth = ScrapeAuth.from_config(config.metrics)  # a bad file: refused now
    app.add_api_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
    app.add_exception_handler(HTTPException, _error)
    app.add_exception_handler(RequestValidationError, _invalid)
    with_ingest_spec(app)
    return app


def _ward_rows(runtime: Runtime) -> list[WardView]:
    """Return the wards' rows for one scrape, with the handovers the store holds now."""
    with reader(runtime.engine).connect() as conn:
        moves = handovers_by_ward(conn)
    fleet, standard = runtime.fleet, runtime.standard
    return ward_views(fleet, standard, runtime.stale_after_seconds, handovers=moves)


async def _error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    # ASCII-escaped: a reason may quote uploaded text holding lone surrogates (YAML "\ud800"),
    # which JSONResponse cannot encode as UTF-8 and would turn the 4xx into a 500.
    body = json.dumps({"error": exc.detail})
    return Response(body, exc.status_code, exc.headers, media_type="application/json")


async def _invalid(request: Request, exc: Exception) -> Response:
    """Answer a body that fails its model with 422 naming each field, never echoing a value:
    the body may hold a ward's secret, and a value may be text no encoder can write."""
    assert isinstance(exc, RequestValidationError)
    fields = [
        {"loc": [str(part) for part in error["loc"]], "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    where = "; ".join(f"{'.'.join(f['loc'])}: {f['msg']}" for f in fields)
    body = json.dumps({"error": f"invalid request: {where}", "detail": fields})
    return Response(body, 422, media_type="application/json")


def metrics(request: Request) -> Response:
    """Expose the fleet, the wards and the collector itself in Prometheus text format."""
    auth: ScrapeAuth = request.app.state.scrape_auth
    if not auth.admits(request.headers.get("authorization", "")):
        challenge = {"WWW-Authenticate": f'{auth.scheme.title()} realm="wardwatch metrics"'}
        body = json.dumps({"error": "scraping /metrics needs the credential in metrics.*"})
        return Response(body, 401, challenge, media_type="application/json")
    exposition: Exposition = request.app.state.exposition
    # Streamed: the whole body held at once would raise the peak memory of a large fleet's
    # scrape (bench/RESULTS.md, "Exposition").
    return StreamingResponse(exposition.chunks(), media_type=CONTENT_TYPE)
