"""/healthz, /readyz and the OpenAPI document over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from api_client import call
from live_collector import LiveCollector


def test_healthz_answers_ok(collector: LiveCollector) -> None:
    answer = call(collector.url, "GET", "/healthz")

    assert (answer.status, answer.body) == (200, {"status": "ok"})


def test_readyz_answers_ok_with_the_store_up(collector: LiveCollector) -> None:
    answer = call(collector.url, "GET", "/readyz")

    assert answer.status == 200, answer
    assert answer.body["status"] == "ok"
    assert isinstance(answer.body["machines"], int)


def refs(node: Any) -> Iterator[str]:
    """Yield every "$ref" value anywhere in `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def resolve(document: dict[str, Any], ref: str) -> Any:
    """Follow a local JSON pointer ("#/a/b") in `document`; KeyError if it leads nowhere."""
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_openapi_publishes_ingest_enroll_and_the_report_schema(collector: LiveCollector) -> None:
    answer = call(collector.url, "GET", "/api/v1/openapi.json")

    assert answer.status == 200, answer
    spec = answer.body
    assert {"/api/v1/reports", "/api/v1/enroll"} <= set(spec["paths"])
    assert "post" in spec["paths"]["/api/v1/reports"]
    schemas = spec["components"]["schemas"]
    report = schemas["Report"]
    assert report["properties"]["seq"]["type"] == "integer"
    timestamp = resolve(spec, report["properties"]["collected_at"]["$ref"])
    assert timestamp["type"] == "string" and "pattern" in timestamp
    batch = spec["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]
    assert batch["application/json"]["schema"]["properties"]["reports"]["items"] == {
        "$ref": "#/components/schemas/Report"
    }


def test_every_openapi_ref_points_to_an_existing_component(collector: LiveCollector) -> None:
    spec = call(collector.url, "GET", "/api/v1/openapi.json").body

    found = sorted(set(refs(spec)))

    assert "#/components/schemas/Report" in found
    unresolved = []
    for ref in found:
        try:
            resolve(spec, ref)
        except (KeyError, TypeError):
            unresolved.append(ref)
    assert unresolved == []
