"""Property tests of ingest's parsers of outside input: each ends in its result or its refusal.

`split` returns a list of reports or raises Rejected(400); `scan` returns a list or raises
Unsplittable; `decode` returns Decoded or a 4xx Refused; `decompress` returns bytes or
raises a 4xx Rejected. Nothing else escapes, whatever the bytes.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from battery_reports import build
from fuzzing import fixed, json_values, replaced
from hypothesis import given
from hypothesis import strategies as st

from collector.errors import Rejected
from collector.ingest.body import decompress
from collector.ingest.decode import Decoded, Refused, decode, split
from collector.ingest.envelope import Unsplittable, scan
from contract.report import encode

REPORT = build(seq=7)
GOOD = encode(REPORT)
ENVELOPE = b'{"reports": [' + GOOD + b", " + GOOD + b"]}"


def mutated(valid: bytes) -> st.SearchStrategy[bytes]:
    """Draw `valid` with a byte span replaced, removed or inserted, or cut short."""
    spot = st.integers(0, len(valid))
    some = st.binary(min_size=1, max_size=4)
    return (
        st.builds(lambda at, b: valid[:at] + b + valid[at + 1 :], spot, st.binary(max_size=4))
        | st.builds(lambda at, b: valid[:at] + b + valid[at:], spot, some)
        | st.builds(lambda at: valid[:at], spot)
    )


def as_json(value: Any) -> bytes:
    """Encode any drawn JSON value as the agent's JSON would (lone surrogates escaped)."""
    return json.dumps(value).encode()


BODIES = st.binary(max_size=300) | mutated(ENVELOPE) | mutated(GOOD + b"\n" + GOOD)
REPORTS = (
    st.binary(max_size=300)
    | mutated(GOOD)
    | replaced(REPORT).map(as_json)
    | json_values.map(as_json)
)


def judged(raw: bytes) -> Decoded | Refused:
    """Decode `raw`, asserting the documented kinds of result."""
    checked = decode(raw)
    assert isinstance(checked, Decoded) or 400 <= checked.status < 500, checked
    return checked


@fixed(300)
@given(REPORTS)
def test_any_report_decodes_or_is_refused_with_a_4xx(raw: bytes) -> None:
    judged(raw)


@fixed(200)
@given(replaced(REPORT))
def test_a_report_with_one_value_replaced_decodes_or_is_refused(report: dict[str, Any]) -> None:
    checked = judged(as_json(report))

    if isinstance(checked, Decoded):
        assert checked.report == json.loads(as_json(report))


@pytest.mark.parametrize("content_type", ["application/json", "application/x-ndjson"])
@fixed(200)
@given(body=BODIES)
def test_any_batch_splits_into_reports_or_is_rejected_400(body: bytes, content_type: str) -> None:
    try:
        reports = split(body, content_type)
    except Rejected as refused:
        assert refused.status == 400
        return
    assert all(isinstance(part, bytes) for part in reports)
    for part in reports:
        judged(part)


@fixed(200)
@given(BODIES | replaced({"reports": [REPORT, REPORT]}).map(as_json))
def test_the_envelope_scanner_returns_reports_or_unsplittable(body: bytes) -> None:
    try:
        reports = scan(body)
    except Unsplittable:
        return
    assert all(isinstance(part, bytes) for part in reports)


@fixed(150)
@given(
    st.binary(max_size=200)
    | mutated(gzip.compress(GOOD))
    | st.builds(lambda n: gzip.compress(b"0" * n), st.integers(0, 4096)),
    st.sampled_from(["gzip", "GZIP ", "identity", "", "br", "deflate"]),
)
def test_any_body_decompresses_or_is_rejected_4xx(body: bytes, encoding: str) -> None:
    limit = 2048
    try:
        out = decompress(body, encoding, limit)
    except Rejected as refused:
        assert refused.status in (400, 413, 415)
        return
    assert isinstance(out, bytes)
    assert encoding.strip().lower() in ("", "identity") or len(out) <= limit
