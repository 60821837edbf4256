"""The http prober: status, time to first byte and total time of one GET or HEAD.

`http.client` and `ssl` are imported inside the prober, so an agent without http
targets never pays for them. Redirects are not followed: a 3xx is reported as such and
fails unless listed in the module's `valid_status_codes` (default: any 2xx).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from agent import __version__
from agent.config import ModuleConfig
from agent.probes.result import HttpDetail, Sample, TlsDetail, describe, failed

if TYPE_CHECKING:
    import http.client

MAX_BODY_BYTES = 1024 * 1024
_CHUNK_BYTES = 64 * 1024
_HEADERS = {"User-Agent": f"wardwatch-agent/{__version__}", "Connection": "close"}


class HttpTarget(NamedTuple):
    """A probed URL split for http.client."""

    scheme: str
    host: str
    port: int
    path: str


class _Exchange(NamedTuple):
    status: int
    ttfb_seconds: float
    total_seconds: float | None
    tls: TlsDetail | None


def parse_url(target: str) -> HttpTarget:
    """Split an http:// or https:// URL; ValueError for anything else."""
    from urllib.parse import urlsplit

    parts = urlsplit(target.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"target {target!r} is not an http:// or https:// URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return HttpTarget(parts.scheme, parts.hostname, port, path)


def probe_http(target: str, module: ModuleConfig, deadline: float) -> Sample:
    """Request `target` once; rtt is the time to first byte, in seconds."""
    import http.client
    import ssl

    url = parse_url(target)
    try:
        exchange = _exchange(url, module, deadline)
    except ssl.SSLCertVerificationError as err:
        return _tls_failure(url, deadline, err.verify_message or describe(err))
    except ssl.SSLError as err:
        return Sample("tls_error", error=describe(err), tls=TlsDetail(False, describe(err)))
    except http.client.HTTPException as err:
        return Sample("protocol_error", error=f"{type(err).__name__}: {describe(err)}")
    except OSError as err:
        return failed(err)
    return _judge(exchange, module)


def _exchange(url: HttpTarget, module: ModuleConfig, deadline: float) -> _Exchange:
    started = time.perf_counter()
    conn = _connection(url, module, _remaining(deadline))
    try:
        conn.connect()
        sock: Any = conn.sock
        tls = _verified(sock) if url.scheme == "https" else None
        sock.settimeout(_remaining(deadline))
        conn.request(module.method, url.path, headers=_HEADERS)
        response = conn.getresponse()
        ttfb = time.perf_counter() - started
        complete = _drain(response, sock, deadline)
        total = time.perf_counter() - started if complete else None
        return _Exchange(response.status, ttfb, total, tls)
    finally:
        conn.close()


def _connection(
    url: HttpTarget, module: ModuleConfig, timeout: float
) -> http.client.HTTPConnection:
    import http.client

    if url.scheme == "http":
        return http.client.HTTPConnection(url.host, url.port, timeout=timeout)
    from agent.probes.tls import verifying_context

    context = verifying_context(module.ca_file)
    return http.client.HTTPSConnection(url.host, url.port, timeout=timeout, context=context)


def _drain(response: http.client.HTTPResponse, sock: Any, deadline: float) -> bool:
    """Read the body up to MAX_BODY_BYTES; tell whether it ended before the deadline."""
    read = 0
    while read < MAX_BODY_BYTES:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        sock.settimeout(remaining)
        try:
            chunk = response.read1(_CHUNK_BYTES)
        except TimeoutError:
            return False
        if not chunk:
            break
        read += len(chunk)
    return True


def _judge(exchange: _Exchange, module: ModuleConfig) -> Sample:
    detail = HttpDetail(exchange.status, exchange.ttfb_seconds, exchange.total_seconds)
    valid = module.valid_status_codes or range(200, 300)
    if exchange.status not in valid:
        error = f"status {exchange.status} is not a valid status code"
        return Sample("http_status", error=error, http=detail, tls=exchange.tls)
    if exchange.total_seconds is None:
        error = "the body was not read before the deadline"
        return Sample("timeout", error=error, http=detail, tls=exchange.tls)
    return Sample("success", exchange.ttfb_seconds, http=detail, tls=exchange.tls)


def _verified(sock: Any) -> TlsDetail:
    from agent.probes.tls import verified_detail

    return verified_detail(sock, datetime.now(UTC))


def _tls_failure(url: HttpTarget, deadline: float, error: str) -> Sample:
    from agent.probes.tls import unverified_detail

    detail = unverified_detail(url.host, url.port, deadline, error, datetime.now(UTC))
    return Sample("tls_error", error=f"certificate not trusted: {error}", tls=detail)


def _remaining(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.001)
