"""Every generated dashboard against JSON Schemas made from Grafana 11.6's own types.

dashboards/schema/regenerate makes them from npm @grafana/schema 11.6.0 with
ts-json-schema-generator: the dashboard kind, and each used panel's options and custom
field config.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from panel_queries import GENERATED, dashboards, panels

SCHEMA = GENERATED / "schema"
FILES = [(lang, name) for lang in ("vi", "en") for name in sorted(dashboards(lang))]


@cache
def validator(path: Path) -> jsonschema.Draft7Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(path: Path, document: Any) -> list[str]:
    """Return where and why `document` fails the schema at `path`."""
    found = validator(path).iter_errors(document)
    return [f"{e.json_path}: {e.message[:200]}" for e in found]


def panel_errors(panel: dict[str, Any]) -> list[str]:
    """Return how a panel's options and custom field config fail its type's schemas."""
    kind = panel["type"].replace("-", "")  # status-history's types live in statushistory/
    options = SCHEMA / "panels" / f"{kind}.options.schema.json"
    assert options.is_file(), f"no schema for panel type {kind}: add it to schema/regenerate"
    found = errors(options, panel.get("options", {}))
    custom = SCHEMA / "panels" / f"{kind}.fieldconfig.schema.json"
    if custom.is_file():
        found += errors(custom, panel.get("fieldConfig", {}).get("defaults", {}).get("custom", {}))
    return [f"{panel['title']}: {e}" for e in found]


@pytest.mark.parametrize(("lang", "name"), FILES)
def test_the_dashboard_matches_grafanas_dashboard_schema(lang: str, name: str) -> None:
    assert errors(SCHEMA / "dashboard.schema.json", dashboards(lang)[name]) == []


@pytest.mark.parametrize(("lang", "name"), FILES)
def test_every_panel_matches_its_panel_types_schema(lang: str, name: str) -> None:
    found = [e for panel in panels(dashboards(lang)[name]) for e in panel_errors(panel)]

    assert found == []


def test_the_schemas_refuse_what_grafana_does_not_know() -> None:
    doc = copy.deepcopy(dashboards("vi")["city-overview"])
    doc["panels"][0]["gridPos"]["w"] = "wide"
    doc["templating"]["list"][0]["auto_count"] = 30
    stat = next(p for p in panels(doc) if p["type"] == "stat")
    stat["options"]["colorMode"] = "rainbow"

    found = errors(SCHEMA / "dashboard.schema.json", doc) + panel_errors(stat)

    assert len(found) == 3, found
