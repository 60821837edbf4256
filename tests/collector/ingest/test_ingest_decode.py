"""Splitting a batch into reports and judging each one: status, cause word, reason, seq."""

from __future__ import annotations

import json

import pytest
from battery_reports import build
from hypothesis import given, settings
from hypothesis import strategies as st

from collector.errors import Rejected
from collector.ingest.decode import CAUSES, Decoded, Refused, decode, split
from contract.report import encode

GOOD = encode(build(seq=5))


def test_ndjson_is_split_per_line_skipping_blank_ones() -> None:
    body = GOOD + b"\n\n   \n" + GOOD + b"\r\n" + GOOD + b"\n"

    lines = split(body, "application/x-ndjson")

    assert len(lines) == 3
    assert all(isinstance(decode(line), Decoded) for line in lines)  # CRLF is fine


def test_a_missing_content_type_means_ndjson() -> None:
    assert split(GOOD + b"\n" + GOOD, "") == [GOOD, GOOD]


@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON; charset=utf-8"])
def test_json_envelope_is_split_into_raw_reports(content_type: str) -> None:
    body = b'{"reports": [' + GOOD + b", " + GOOD + b"]}"

    lines = split(body, content_type)

    assert [json.loads(line) for line in lines] == [json.loads(GOOD)] * 2


@pytest.mark.parametrize(
    "body",
    [
        b"{}",
        b'{"reports": {}}',
        b'{"reports": [], "x": 1}',
        b"[]",
        b'{"reports": [1,',
        b'{"\xff": 1}',
        b'{"reports": [' + b"[" * 50_000 + b"]" * 50_000,
        b'{"reports": [' + b"[" * 50_000 + b"]" * 50_000 + b"], x: 1}",
    ],
)
def test_bad_envelope_rejects_the_whole_batch(body: bytes) -> None:
    with pytest.raises(Rejected) as refused:
        split(body, "application/json")

    assert refused.value.status == 400


@pytest.mark.parametrize(
    "bad",
    [b"[" * 50_000 + b"]" * 50_000, GOOD.replace(b'"ubnd-', b'"\\ud800ubnd-'), b""],
    ids=["nested 50,000 deep", "lone surrogate escape", "empty"],
)
def test_one_bad_report_in_an_envelope_is_cut_out_alone(bad: bytes) -> None:
    body = b'{"reports": [' + GOOD + b", " + bad + b" ,\n" + GOOD + b"]}"

    lines = split(body, "application/json")

    assert lines == [GOOD, bad, GOOD]
    refused = decode(bad)
    assert isinstance(refused, Refused) and refused.status == 400, refused


def test_a_good_report_decodes_to_its_values_and_raw_bytes() -> None:
    checked = decode(GOOD)

    assert isinstance(checked, Decoded)
    assert (checked.raw, checked.report, checked.seq) == (GOOD, json.loads(GOOD), 5)


def changed(**top: object) -> bytes:
    return encode({**build(seq=5), **top})


@pytest.mark.parametrize(
    ("raw", "status", "cause", "seq"),
    [
        (b'{"seq": 5, ', 400, "malformed", None),
        (GOOD.replace(b'"dropped_reports":0', b'"dropped_reports":NaN'), 400, "malformed", None),
        (GOOD.replace(b'"dropped_reports":0', b'"dropped_reports":Infinity'), 400, "malformed",
         None),
        (GOOD.replace(b'"ubnd-', b'"\xc3\x28ubnd-'), 400, "malformed", 5),
        (b"[1, 2]", 400, "not_object", None),
        (b'"report"', 400, "not_object", None),
        (changed(schema_version=2), 422, "schema_version", 5),
        (changed(schema_version="1"), 422, "schema_version", 5),
        (changed(seq="5"), 422, "schema", None),
        (changed(seq=2**70), 422, "schema", None),
        (changed(hostname=None), 422, "schema", 5),
        (changed(collected_at="2025-02-30T00:00:00Z"), 422, "schema", 5),
        (changed(collected_at="2025-11-01T24:00:00Z"), 422, "schema", 5),
        (changed(ward="phuong\x00"), 422, "schema", 5),
        (b'{"schema_version": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", 400, "malformed", None),
        (GOOD.replace(b'"delivery":', b'"x":' + b"[" * 50_000 + b"]" * 50_000 + b',"delivery":'),
         400, "malformed", None),
    ],
    ids=[
        "truncated", "NaN", "Infinity", "bad UTF-8", "array", "string", "version 2",
        "version as text", "seq as text", "seq beyond 64 bits", "null hostname", "30 February",
        "hour 24", "NUL",
        "deep in the peeked field", "deep in a skipped field",
    ],
)  # fmt: skip
def test_each_bad_report_gets_status_cause_and_seq(
    raw: bytes, status: int, cause: str, seq: int | None
) -> None:
    checked = decode(raw)

    assert isinstance(checked, Refused), checked
    assert (checked.status, checked.cause, checked.seq) == (status, cause, seq), checked.reason
    assert cause in CAUSES
    assert checked.as_dict() == {
        "seq": seq,
        "status": status,
        "cause": cause,
        "reason": checked.reason,
    }


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b'"ubnd-', b'"\xc3\x28ubnd-'),  # a value the schema reads
        (b'"delivery":', b'"deliv\xffery":'),  # a key
        (b'"Dell Inc."', b'"Dell \xed\xa0\x80Inc."'),  # an encoded surrogate
        (b'"S64DNX0R"', b'"S64\xf8\x88\x80\x80\x80"'),  # deep in a list
    ],
    ids=["in a value", "in a key", "a surrogate", "in a list"],
)
def test_invalid_utf8_anywhere_is_the_reports_own_400(before: bytes, after: bytes) -> None:
    checked = decode(GOOD.replace(before, after, 1))

    assert isinstance(checked, Refused), checked
    assert (checked.status, checked.cause) == (400, "malformed"), checked.reason


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=300)
    | st.builds(
        lambda at, b: GOOD[:at] + b + GOOD[at + 1 :],
        st.integers(0, len(GOOD) - 1),
        st.binary(max_size=4),
    )
)
def test_any_bytes_decode_to_a_report_or_a_4xx_refusal(raw: bytes) -> None:
    checked = decode(raw)

    assert isinstance(checked, Decoded) or 400 <= checked.status < 500


def test_escaped_backslash_before_u0000_is_not_a_nul() -> None:
    raw = changed(hostname="C:\\u0000")  # a backslash, then the text u0000

    assert isinstance(decode(raw), Decoded)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"schema_version": 2, "seq": 3}', "schema_version 2 is not supported"),
        (b'{"schema_version": true, "seq": 3}', "report does not match the schema"),
        (b'{"seq": 3, "schema_version": 1} x', "not valid JSON"),
        (b"[1]", "a report must be a JSON object"),
    ],
    ids=["version before schema", "true is not version 1", "JSON before version", "object"],
)
def test_a_refusal_names_the_first_failure_in_order(raw: bytes, reason: str) -> None:
    checked = decode(raw)

    assert isinstance(checked, Refused) and checked.reason.startswith(reason), checked


def _machine_key(**top: object) -> int:
    checked = decode(changed(**top))
    assert isinstance(checked, Decoded)
    return checked.machine_key


def test_the_machine_key_follows_hardware_and_os_alone() -> None:
    report = build(seq=5)
    same = _machine_key(seq=6, health=None, probes=[])
    spaced = decode(json.dumps(report, indent=1).encode())

    assert _machine_key() == same
    assert isinstance(spaced, Decoded) and spaced.machine_key == same
    assert _machine_key(os={**report["os"], "version": "10.0"}) != same
    cpu = {**report["hardware"]["cpu"], "physical_cores": 2}
    assert _machine_key(hardware={**report["hardware"], "cpu": cpu}) != same
