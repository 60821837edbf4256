"""Split a batch into reports and validate each alone, so one bad report spoils no other.

A batch is NDJSON (one report per line, what the agent sends) or a JSON object
`{"reports": [...]}`. Each report is checked against the compiled report schema; a
report that fails gets its own rejection with a status and a reason.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from collector.errors import Rejected
from collector.ingest.envelope import Unsplittable, scan
from collector.ingest.fastschema import compile_schema
from contract.report import SCHEMA_VERSION, schema


@dataclass(frozen=True, slots=True)
class Decoded:
    """One valid report: its JSON as received, as Python values, and its sequence number.

    `machine_key` is the same for two reports whose validated `hardware` and `os` are the
    same: the key of the machine rules' findings (`standard.evaluate.machine_findings`).
    """

    raw: bytes
    report: dict[str, Any]
    seq: int
    machine_key: int = 0
    collected_at: float = 0.0  # `collected_at` as unix seconds (the agent's clock)


@dataclass(frozen=True, slots=True)
class Refused:
    """One report refused: its seq when readable, the 4xx status, a cause word and the reason."""

    seq: int | None
    status: int
    cause: str  # bounded snake_case word, the metric label
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Return the form listed under `rejected` in the ingest response."""
        return {"seq": self.seq, "status": self.status, "cause": self.cause, "reason": self.reason}


CAUSES = (
    "malformed", "not_object", "schema_version", "schema", "agent_mismatch", "ward_mismatch",
    "clone", "kind_mismatch",
)  # fmt: skip


class _Envelope(msgspec.Struct, forbid_unknown_fields=True):
    reports: list[msgspec.Raw]


class _Peek(msgspec.Struct):
    """What a refusal's reason needs from a report that failed the schema."""

    schema_version: Any = None
    seq: Any = None


@functools.cache
def _machine_encoder() -> msgspec.json.Encoder:
    return msgspec.json.Encoder()


@functools.cache
def _decoders() -> tuple[msgspec.json.Decoder[Any], msgspec.json.Decoder[_Peek]]:
    return msgspec.json.Decoder(compile_schema(schema())), msgspec.json.Decoder(_Peek)


def split(body: bytes, content_type: str) -> list[bytes]:
    """Cut a batch body into one JSON document per report."""
    if content_type.split(";")[0].strip().lower() == "application/json":
        try:
            return [bytes(r) for r in msgspec.json.decode(body, type=_Envelope).reports]
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as err:
            return _rescan(body, err)
    return [line for line in body.split(b"\n") if line.strip()]


def _rescan(body: bytes, err: Exception) -> list[bytes]:
    """Split an envelope msgspec refused, when only some of its reports are at fault."""
    if isinstance(err, msgspec.ValidationError):  # the shape itself: no list, another key
        raise Rejected(400, f"batch is not a JSON object with a reports list: {err}") from err
    try:
        return scan(body)
    except Unsplittable as bad:
        raise Rejected(400, f"batch is not a JSON object with a reports list: {bad}") from err


def decode(raw: bytes) -> Decoded | Refused:
    """Validate one report's JSON against the contract."""
    typed = _decoders()[0]
    try:
        checked = typed.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as err:
        return _refusal(raw, err)
    report = msgspec.to_builtins(checked)
    seq = report["seq"]
    if not raw.isascii() and not _is_utf8(raw):
        # msgspec skips unknown fields without checking their bytes; the raw report is stored.
        return Refused(seq, 400, "malformed", "not valid JSON (UTF-8): a string is not UTF-8")
    collected_at = _seconds(report["collected_at"])
    if collected_at is None:
        # The schema's pattern admits 2025-13-45T99:99:99Z; ingest must be able to parse it.
        return Refused(
            seq, 422, "schema", f"collected_at {report['collected_at']!r} is not a real UTC time"
        )
    # `\u0000` is the only way JSON carries NUL (rare); memchr for a backslash first, as
    # most reports hold none and it is cheaper than the substring search.
    if b"\\" in raw and b"\\u0000" in raw and _has_nul(report):
        # PostgreSQL text cannot hold NUL: storing it would fail the whole batch with a 500.
        return Refused(seq, 422, "schema", "a string contains NUL (\\u0000): remove it")
    machine_key = hash(_machine_encoder().encode((checked.hardware, checked.os)))
    return Decoded(raw, report, seq, machine_key, collected_at)


def _refusal(raw: bytes, err: Exception) -> Refused:
    """Say why `raw` failed the compiled schema with `err`, the first failure in this order:
    not JSON, not an object, another schema_version, the schema's own error, then anything
    the peek did not read (a refusal whatever the bytes: this never raises)."""
    try:
        head = _decoders()[1].decode(raw)
    except msgspec.ValidationError as peeked:  # a DecodeError subclass: catch it first
        return Refused(None, 400, "not_object", f"a report must be a JSON object: {peeked}")
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as bad:  # msgspec raises all
        return Refused(None, 400, "malformed", f"not valid JSON (UTF-8, no NaN or Infinity): {bad}")
    seq = head.seq if _echoable(head.seq) else None
    if head.schema_version != SCHEMA_VERSION:
        return Refused(
            seq,
            422,
            "schema_version",
            f"schema_version {head.schema_version!r} is not supported "
            f"(this collector reads {SCHEMA_VERSION})",
        )
    if isinstance(err, msgspec.ValidationError):
        return Refused(seq, 422, "schema", f"report does not match the schema: {err}")
    # The rest failed in what the peek skipped: bad UTF-8 or nesting deeper than the limit.
    return Refused(seq, 400, "malformed", f"not valid JSON (UTF-8, nesting): {err}")


def _echoable(seq: Any) -> bool:
    """Tell whether a refused report's seq can be echoed: an integer JSON encoders can write."""
    return isinstance(seq, int) and not isinstance(seq, bool) and -(2**63) <= seq < 2**64


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode()
    except UnicodeDecodeError:
        return False
    return True


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _seconds(stamp: str) -> float | None:
    """Return an RFC 3339 UTC stamp as unix seconds, None if it names no real moment."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
