"""Publish the ingest route in the OpenAPI document, with the report schema as its body."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from collector.api.reports import PATH
from contract.report import schema as report_schema


def _components(schema: dict[str, Any]) -> dict[str, Any]:
    """Move the report schema's $defs into components, rewriting their references."""
    text = json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/Report_')
    moved = json.loads(text)
    defs = moved.pop("$defs", {})
    for key in ("$schema", "$id"):
        moved.pop(key, None)
    return {"Report": moved, **{f"Report_{k}": v for k, v in defs.items()}}


# How long a machine may stay silent before it counts as down: agents keep their retries
# well inside it (docs/report.md, "Backoff").
_STALE = {"type": "number", "exclusiveMinimum": 0}
# A whole request refused (no token, too large, bad gzip, over the rate...).
_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "stale_after_seconds": _STALE},
}
# Each report's fate; when every report is refused the status is the first refusal's.
_ACK = {
    "type": "object",
    "required": ["acknowledged", "rejected", "config", "stale_after_seconds"],
    "properties": {
        "acknowledged": {"type": "array", "items": {"type": "integer"}},
        "rejected": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["seq", "status", "cause", "reason"],
                "properties": {
                    "seq": {"type": ["integer", "null"]},
                    "status": {"type": "integer"},
                    "cause": {"type": "string", "description": "one snake_case word"},
                    "reason": {"type": "string"},
                },
            },
        },
        "config": {"type": ["object", "null"]},
        "stale_after_seconds": _STALE,
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ingest_path() -> dict[str, Any]:
    either = {"anyOf": [_ACK, _ERROR]}
    batch = {
        "type": "object",
        "required": ["reports"],
        "additionalProperties": False,
        "properties": {
            "reports": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}}
        },
    }
    return {
        "post": {
            "tags": ["agents"],
            "summary": "Send a batch of reports (gzip accepted)",
            "description": "Bearer token of one agent. Each report is validated alone: the good "
            "ones are committed and acknowledged, each bad one is listed with its status and "
            "reason. A replayed seq is acknowledged and ignored.",
            "security": [{"agentToken": []}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": batch},
                    "application/x-ndjson": {
                        "schema": {"type": "string", "description": "one report per line"}
                    },
                },
            },
            "responses": {
                "200": _json(_ACK, "acknowledged (some may be rejected)"),
                "400": _json(either, "malformed batch, or every report malformed"),
                "401": _json(_ERROR, "missing or wrong token"),
                "403": _json(either, "every report's agent_id is not the token's"),
                "409": _json(either, "every report from other hardware (possible clone)"),
                "413": _json(_ERROR, "body too large"),
                "415": _json(_ERROR, "unsupported content encoding"),
                "422": _json(either, "every report invalid"),
                "429": _json(_ERROR, "agent over its rate"),
            },
        }
    }


def with_ingest_spec(app: FastAPI) -> None:
    """Make `app.openapi()` include the ingest route and the report schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, routes=app.routes)
            spec["paths"][PATH] = _ingest_path()
            components = spec.setdefault("components", {})
            components.setdefault("schemas", {}).update(_components(report_schema()))
            components["securitySchemes"] = {
                "agentToken": {"type": "http", "scheme": "bearer"},
            }
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
