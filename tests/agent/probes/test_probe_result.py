"""Exceptions to result words, and the detail objects' report form."""

from __future__ import annotations

import errno
import socket
from datetime import UTC, datetime

import pytest

from agent.probes.result import DnsDetail, HttpDetail, TlsDetail, classify, describe, failed


@pytest.mark.parametrize(
    ("err", "word"),
    [
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "connection_refused"),
        (TimeoutError("timed out"), "timeout"),
        (TimeoutError("timed out"), "timeout"),
        (OSError(errno.ETIMEDOUT, "Connection timed out"), "timeout"),
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "resolve_failed"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "network_unreachable"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "network_unreachable"),
        (PermissionError(errno.EPERM, "Operation not permitted"), "permission_denied"),
        (OSError(errno.EACCES, "Permission denied"), "permission_denied"),
        (OSError(errno.ECONNRESET, "Connection reset by peer"), "error"),
        (ValueError("odd"), "error"),
    ],
)
def test_classify(err: BaseException, word: str) -> None:
    assert classify(err) == word


def test_failed_keeps_text_and_details() -> None:
    sample = failed(TimeoutError(), mode="raw")
    assert (sample.result, sample.error, sample.mode, sample.rtt_seconds) == (
        "timeout",
        "TimeoutError",
        "raw",
        None,
    )
    assert describe(OSError(errno.ECONNREFUSED, "refused")).endswith("refused")


def test_detail_report_forms() -> None:
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    tls = TlsDetail(False, "expired", moment, -1.23456789, "Test CA").as_report()
    assert tls == {
        "verified": False,
        "error": "expired",
        "not_after": "2030-01-02T03:04:05.000Z",
        "days_to_expiry": -1.2346,
        "issuer": "Test CA",
    }
    assert HttpDetail(200, 0.1234567, None).as_report() == {
        "status_code": 200,
        "ttfb_seconds": 0.123457,
        "total_seconds": None,
    }
    assert DnsDetail(("10.0.0.7",), "NOERROR").as_report() == {
        "answers": ["10.0.0.7"],
        "rcode": "NOERROR",
    }
