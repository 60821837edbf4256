"""The http prober: status, time to first byte and total time of one GET or HEAD.

The exchange runs on the probe loop: a non-blocking connect, TLS handshake, request and
a response read as it arrives (`httpresponse.py`). `ssl` is imported only for https
URLs, so an agent without them never pays for it. Redirects are not followed: a 3xx is
reported as such and fails unless listed in the module's `valid_status_codes` (default:
any 2xx).
"""

from __future__ import annotations

import functools
import socket
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from agent.config import ModuleConfig
from agent.net import sockets
from agent.net.httprequest import HttpTarget, parse_url, request_head
from agent.net.httpresponse import Malformed, ResponseReader
from agent.net.steps import Offload, Steps
from agent.probes.loop import SampleTask
from agent.probes.result import HttpDetail, Sample, TlsDetail, describe, failed
from contract import __version__

if TYPE_CHECKING:
    import ssl

MAX_BODY_BYTES = 1024 * 1024
_HEADERS = {"User-Agent": f"wardwatch-agent/{__version__}", "Accept-Encoding": "identity"}


class _Exchange(NamedTuple):
    status: int
    ttfb_seconds: float
    total_seconds: float | None
    tls: TlsDetail | None


def http_sample(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
    """Request `target` once; rtt is the time to first byte, in seconds."""
    # A malformed URL raises here, before the probe loop runs it.
    return _probe(parse_url(target), module, deadline)


def _probe(url: HttpTarget, module: ModuleConfig, deadline: float) -> SampleTask:
    try:
        exchange = yield from _exchange(url, module)
    except Malformed as err:
        return Sample("protocol_error", error=f"malformed response: {describe(err)}")
    except OSError as err:
        return (yield from _failure(url, deadline, err))
    return _judge(exchange, module)


def _exchange(url: HttpTarget, module: ModuleConfig) -> Steps:
    started = time.perf_counter()
    context = _verifying(module) if url.scheme == "https" else None
    sock = yield from sockets.open_to(url.host, url.port, context)
    try:
        tls = None if context is None else _verified(sock)
        yield from sockets.send_all(sock, request_head(url, module.method, _HEADERS))
        reader = ResponseReader(module.method, MAX_BODY_BYTES)
        ttfb = yield from _first_bytes(sock, reader, started)
        try:
            yield from _rest(sock, reader)
        except TimeoutError:  # the head came, the body did not end in time
            return _Exchange(reader.status or 0, ttfb, None, tls)
        return _Exchange(reader.status or 0, ttfb, time.perf_counter() - started, tls)
    finally:
        sock.close()


def _first_bytes(sock: socket.socket, reader: ResponseReader, started: float) -> Steps:
    """Read until the status line and headers are in; return the time to the first byte."""
    ttfb = None
    while reader.status is None:
        data = yield from sockets.receive(sock)
        if ttfb is None:
            ttfb = time.perf_counter() - started
        reader.feed(data)
    return ttfb


def _rest(sock: socket.socket, reader: ResponseReader) -> Steps:
    while not reader.complete:
        reader.feed((yield from sockets.receive(sock)))


def _verifying(module: ModuleConfig) -> ssl.SSLContext:
    from agent.probes.tls import verifying_context

    return verifying_context(module.ca_file)


def _verified(sock: ssl.SSLSocket) -> TlsDetail:
    """Describe the verified certificate of an https connection."""
    from agent.probes.tls import verified_detail

    return verified_detail(sock, datetime.now(UTC))


def _failure(url: HttpTarget, deadline: float, err: OSError) -> SampleTask:
    if url.scheme == "https":
        import ssl

        if isinstance(err, ssl.SSLCertVerificationError):
            return (yield from _untrusted(url, deadline, err.verify_message or describe(err)))
        if isinstance(err, ssl.SSLError):
            return Sample("tls_error", error=describe(err), tls=TlsDetail(False, describe(err)))
    return failed(err)


def _untrusted(url: HttpTarget, deadline: float, error: str) -> SampleTask:
    """Report an untrusted certificate with its expiry, read on a second, unverified handshake."""
    from agent.probes.tls import unverified_detail

    read = functools.partial(
        unverified_detail, url.host, url.port, deadline, error, datetime.now(UTC)
    )
    try:
        detail: TlsDetail = yield Offload(read)
    except TimeoutError:
        detail = TlsDetail(False, f"{error} (certificate unread: no time left)")
    return Sample("tls_error", error=f"certificate not trusted: {error}", tls=detail)


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
