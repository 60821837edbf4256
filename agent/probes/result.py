"""What one attempt of a prober found: a result word, a round-trip time and details."""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from contract.report import timestamp

ResultWord = Literal[
    "success",
    "timeout",
    "connection_refused",
    "resolve_failed",
    "tls_error",
    "http_status",
    "network_unreachable",
    "permission_denied",
    "protocol_error",
    "deadline_exceeded",
    "error",
]

_UNREACHABLE_NAMES = (
    *("ENETUNREACH", "EHOSTUNREACH", "ENETDOWN", "EHOSTDOWN", "EADDRNOTAVAIL"),
    *("WSAENETUNREACH", "WSAEHOSTUNREACH", "WSAENETDOWN", "WSAEHOSTDOWN"),
)
_UNREACHABLE = {getattr(errno, n) for n in _UNREACHABLE_NAMES if hasattr(errno, n)}
_DENIED = {getattr(errno, n) for n in ("EACCES", "EPERM", "WSAEACCES") if hasattr(errno, n)}


@dataclass(frozen=True)
class HttpDetail:
    """An HTTP exchange: status code, time to first byte and total time, in seconds."""

    status_code: int | None
    ttfb_seconds: float | None
    total_seconds: float | None

    def as_report(self) -> dict[str, Any]:
        """Return the report's `http` object."""
        return {
            "status_code": self.status_code,
            "ttfb_seconds": _rounded(self.ttfb_seconds),
            "total_seconds": _rounded(self.total_seconds),
        }


@dataclass(frozen=True)
class TlsDetail:
    """The server certificate: verified or why not, its expiry and its issuer."""

    verified: bool
    error: str | None = None
    not_after: datetime | None = None
    days_to_expiry: float | None = None
    issuer: str | None = None

    def as_report(self) -> dict[str, Any]:
        """Return the report's `tls` object; `not_after` as RFC 3339 UTC."""
        days = None if self.days_to_expiry is None else round(self.days_to_expiry, 4)
        return {
            "verified": self.verified,
            "error": self.error,
            "not_after": None if self.not_after is None else timestamp(self.not_after),
            "days_to_expiry": days,
            "issuer": self.issuer,
        }


@dataclass(frozen=True)
class DnsDetail:
    """A DNS answer: the addresses found and the response code word (NOERROR...)."""

    answers: tuple[str, ...]
    rcode: str | None

    def as_report(self) -> dict[str, Any]:
        """Return the report's `dns` object."""
        return {"answers": list(self.answers), "rcode": self.rcode}


@dataclass(frozen=True)
class Sample:
    """One attempt of a prober; `rtt_seconds` is None unless the attempt succeeded."""

    result: ResultWord
    rtt_seconds: float | None = None
    error: str | None = None
    mode: str | None = None
    http: HttpDetail | None = None
    tls: TlsDetail | None = None
    dns: DnsDetail | None = None

    @property
    def ok(self) -> bool:
        """Tell whether this attempt succeeded."""
        return self.result == "success"


def classify(err: BaseException) -> ResultWord:
    """Map a socket-level exception to its result word."""
    if isinstance(err, socket.gaierror):
        return "resolve_failed"
    if isinstance(err, TimeoutError):
        return "timeout"
    if isinstance(err, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(err, PermissionError):
        return "permission_denied"
    if isinstance(err, OSError) and err.errno in _UNREACHABLE:
        return "network_unreachable"
    if isinstance(err, OSError) and err.errno in _DENIED:
        return "permission_denied"
    return "error"


def describe(err: BaseException) -> str:
    """Return a one-line text for `err`, never empty."""
    text = str(err).strip()
    return text if text else type(err).__name__


def failed(err: BaseException, **details: Any) -> Sample:
    """Return the failed Sample that `err` stands for."""
    return Sample(classify(err), None, describe(err), **details)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
