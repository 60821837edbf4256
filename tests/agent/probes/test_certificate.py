"""The DER walk that reads notAfter and the issuer without `cryptography` at run time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from agent.probes.certificate import days_until, issuer_from_peercert, parse_der

MakeDer = Callable[[str | None, str | None, datetime], bytes]


@pytest.mark.parametrize(
    "not_after",
    [
        datetime(2030, 6, 15, 8, 30, 5, tzinfo=UTC),  # UTCTime
        datetime(2049, 12, 31, 23, 59, 59, tzinfo=UTC),  # UTCTime, last year before 2050
        datetime(2051, 3, 1, 0, 0, 0, tzinfo=UTC),  # GeneralizedTime from 2050 on
    ],
)
def test_not_after(make_der: MakeDer, not_after: datetime) -> None:
    assert parse_der(make_der("CA", None, not_after)).not_after == not_after


@pytest.mark.parametrize(
    ("cn", "org", "expected"),
    [("Sở TT&TT CA", "Org", "Sở TT&TT CA"), (None, "Only Org", "Only Org"), (None, None, None)],
)
def test_issuer(make_der: MakeDer, cn: str | None, org: str | None, expected: str | None) -> None:
    assert parse_der(make_der(cn, org, datetime(2030, 1, 1, tzinfo=UTC))).issuer == expected


@pytest.mark.parametrize(
    "garbage", [b"", b"\x30", b"\x30\x82\xff\xff", b"\x02\x01\x00", b"\x30\x00"]
)
def test_garbage_is_a_value_error(garbage: bytes) -> None:
    with pytest.raises(ValueError):
        parse_der(garbage)


def test_truncated_certificate_is_a_value_error(make_der: MakeDer) -> None:
    whole = make_der("CA", None, datetime(2030, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        parse_der(whole[: len(whole) // 2])


def test_days_until() -> None:
    now = datetime(2025, 7, 1, tzinfo=UTC)
    assert days_until(now + timedelta(days=3, hours=12), now) == pytest.approx(3.5)
    assert days_until(now - timedelta(days=1), now) == pytest.approx(-1.0)


def test_issuer_from_peercert() -> None:
    cert = {
        "issuer": ((("countryName", "VN"),), (("organizationName", "O"),), (("commonName", "CA"),))
    }
    assert issuer_from_peercert(cert) == "CA"
    assert issuer_from_peercert({"issuer": ((("organizationName", "O"),),)}) == "O"
    assert issuer_from_peercert({}) is None
