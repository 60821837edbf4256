"""The compiled schema (fastschema, via decode) and jsonschema agree on every report.

The contract is contract/report.schema.json; ingest checks it with msgspec types compiled
from it. Both validators judge the same battery; where ingest is stricter on purpose,
a test below names the case and says why.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from battery_reports import INVALID, VALID, build
from jsonschema import Draft202012Validator

from collector.ingest.decode import Decoded, Refused, decode
from collector.ingest.fastschema import UnsupportedSchema, compile_schema
from contract.report import encode, schema

JSONSCHEMA = Draft202012Validator(schema())


def test_the_battery_is_large_enough() -> None:
    assert len(VALID) >= 15 and len(INVALID) >= 40


@pytest.mark.parametrize("name", list(VALID))
def test_valid_report_is_accepted_by_both(name: str) -> None:
    report = VALID[name]
    JSONSCHEMA.validate(report)  # the battery itself is right

    checked = decode(encode(report))

    assert isinstance(checked, Decoded), checked
    assert checked.report == report and checked.seq == report["seq"]


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_report_is_refused_by_both(name: str) -> None:
    raw = encode(INVALID[name])
    assert not JSONSCHEMA.is_valid(json.loads(raw)), "the mutation left the report valid"

    checked = decode(raw)

    assert isinstance(checked, Refused), name
    assert checked.status == 422 and checked.cause in ("schema", "schema_version")


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ("hardware.memory.total_bytes", True, "$.hardware.memory.total_bytes"),
        ("probes.0.loss_ratio", 2, "$.probes[0].loss_ratio"),
        ("identity.fingerprint_sources", ["mac", "mac"], "$.identity"),
    ],
)
def test_refusal_names_the_failing_path(path: str, value: Any, where: str) -> None:
    from battery_reports import mutate

    checked = decode(encode(mutate(build(), path, value)))

    assert isinstance(checked, Refused)
    assert where in checked.reason


# Ingest is stricter than JSON Schema here, on purpose; the agent never sends these.
STRICTER = {
    # JSON Schema counts 42.0 as an integer; msgspec decodes integers strictly.
    "integral float seq": encode(build()).replace(b'"seq":42', b'"seq":42.0'),
    "integral float count": encode(build()).replace(
        b'"process_count":150', b'"process_count":150.0'
    ),
    # The timestamp pattern admits impossible times, which ingest could not store.
    "impossible collected_at": encode({**build(), "collected_at": "2025-13-45T99:99:99Z"}),
    # PostgreSQL text cannot hold NUL.
    "NUL in a string": encode(build(hostname="pc\x00")),
}


@pytest.mark.parametrize("name", list(STRICTER))
def test_ingest_refuses_what_json_schema_lets_pass(name: str) -> None:
    raw = STRICTER[name]
    assert JSONSCHEMA.is_valid(json.loads(raw))

    checked = decode(raw)

    assert isinstance(checked, Refused) and checked.status == 422, checked


def test_schema_keyword_the_compiler_does_not_know_is_refused() -> None:
    bad = {"type": "object", "properties": {"n": {"type": "integer", "multipleOf": 2}},
           "required": ["n"], "additionalProperties": False}  # fmt: skip

    with pytest.raises(UnsupportedSchema, match="multipleOf"):
        compile_schema(bad)


def test_unique_items_outside_an_object_property_is_refused() -> None:
    bad = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"},
                                                      "uniqueItems": True}}  # fmt: skip

    with pytest.raises(UnsupportedSchema, match="uniqueItems"):
        compile_schema(bad)
