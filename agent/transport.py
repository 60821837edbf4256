"""POST JSON to the collector with the standard library; any HTTP answer is data, not an error.

`post_json()` returns a `Response` for every status the collector answers and raises
`CollectorUnreachable` (a `DeliveryError`) with a one-word reason when no answer came.
The exchange is the probes' own HTTP/1.1 (`agent/net/`), run in place: no http.client or
email package in the agent's memory, and `ssl` only once a collector URL is https.
"""

from __future__ import annotations

import gzip as gzip_codec
import json
import logging
import socket
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.config import CollectorConfig
from agent.errors import DeliveryError
from agent.net import sockets
from agent.net.blocking import run_in_place
from agent.net.httprequest import HttpTarget, parse_url, request_head
from agent.net.httpresponse import ResponseReader
from agent.net.steps import Steps
from contract import __version__

if TYPE_CHECKING:
    import ssl

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 1024 * 1024


class CollectorUnreachable(DeliveryError):
    """No HTTP answer: `reason` is timeout, connection_refused, tls_error, ..."""

    def __init__(self, url: str, reason: str, detail: str) -> None:
        super().__init__(f"cannot reach the collector at {url}: {reason} ({detail})")
        self.url, self.reason, self.detail = url, reason, detail


@dataclass(frozen=True)
class Response:
    """One HTTP answer: status, lower-case header names, and the JSON object if any."""

    status: int
    headers: Mapping[str, str]
    body: Mapping[str, Any] | None

    def error_text(self) -> str:
        """Return the collector's stated reason (its `error` field) or the bare status."""
        reason = self.body.get("error") if self.body else None
        return f"collector said {self.status}" + (f": {reason}" if reason else "")

    def retry_after_seconds(self, now_seconds: float | None = None) -> float | None:
        """Return the Retry-After delay in seconds (number or HTTP date), None if absent."""
        value = self.headers.get("retry-after", "").strip()
        if value.isascii() and value.isdigit():  # "²" is a digit to str.isdigit
            return float(value)
        import email.utils  # late: an HTTP date here is rare, and the package is large

        try:
            moment = email.utils.parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError):
            return None
        return max(0.0, moment - (time.time() if now_seconds is None else now_seconds))


def post_json(
    url: str,
    payload: bytes | Mapping[str, Any],
    *,
    token: str | None = None,
    gzip: bool = True,
    timeout_seconds: float = 10.0,
    ssl_context: ssl.SSLContext | None = None,
) -> Response:
    """POST `payload` (JSON bytes or an object) to `url`; raise CollectorUnreachable."""
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": f"wardwatch-agent/{__version__}",
    }
    if gzip:
        data = gzip_codec.compress(data, 6)
        headers["Content-Encoding"] = "gzip"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        target = parse_url(url)
        if target.scheme == "https" and ssl_context is None:
            ssl_context = make_ssl_context(None, True)
        request = request_head(target, "POST", headers, len(data)) + data
        answer = run_in_place(
            _exchange(target, request, ssl_context), time.monotonic() + timeout_seconds
        )
    except (OSError, ValueError) as err:
        raise CollectorUnreachable(url, _reason(err), str(err) or type(err).__name__) from err
    return Response(answer.status or 0, answer.headers, _json_object(answer.body))


def _exchange(target: HttpTarget, request: bytes, context: ssl.SSLContext | None) -> Steps:
    """Connect, send `request` and return the ResponseReader holding the whole answer."""
    sock = yield from sockets.open_to(target.host, target.port, context)
    try:
        yield from sockets.send_all(sock, request)
        reader = ResponseReader("POST", MAX_RESPONSE_BYTES, keep_body=True)
        answered = False
        while not reader.complete:
            data = yield from sockets.receive(sock)
            if not data and not answered:
                raise ConnectionResetError("the collector closed the connection without answering")
            answered = True
            reader.feed(data)
        return reader
    finally:
        sock.close()


class Client:
    """Post to one collector with its TLS settings and timeout."""

    def __init__(self, config: CollectorConfig, base_url: str | None = None) -> None:
        self.config = config
        self.base_url = (base_url or config.url).rstrip("/")
        self._ssl_context: ssl.SSLContext | None = None

    def post(
        self,
        path: str,
        payload: bytes | Mapping[str, Any],
        token: str | None = None,
        gzip: bool = True,
    ) -> Response:
        """POST `payload` to `path` under the collector's URL."""
        url = self.base_url + path
        context = None
        if url.startswith("https://"):
            if self._ssl_context is None:
                self._ssl_context = make_ssl_context(self.config.ca_file, self.config.verify_tls)
            context = self._ssl_context
        return post_json(
            url,
            payload,
            token=token,
            gzip=gzip,
            timeout_seconds=self.config.timeout_seconds,
            ssl_context=context,
        )


def make_ssl_context(ca_file: str | None, verify_tls: bool) -> ssl.SSLContext:
    """Build a verifying TLS context (CA bundle `ca_file` or the system's); warn if not."""
    import ssl

    try:
        context = ssl.create_default_context(cafile=ca_file)
    except OSError as err:
        raise DeliveryError(f"cannot read collector.ca_file {ca_file}: {err}") from err
    if not verify_tls:
        log.warning(
            "TLS VERIFICATION IS OFF (collector.verify_tls: false): anyone on the network "
            "can impersonate the collector and read the reports; set collector.ca_file instead"
        )
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _json_object(raw: bytes) -> Mapping[str, Any] | None:
    """Parse `raw` as a JSON object; None for anything else."""
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _reason(err: BaseException) -> str:
    """Name why no answer came, in one word."""
    ssl = sys.modules.get("ssl")  # loaded whenever a TLS error can have happened
    if ssl is not None and isinstance(err, ssl.SSLError | ssl.CertificateError):
        return "tls_error"
    if isinstance(err, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(err, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(err, socket.gaierror):
        return "resolve_failed"
    if isinstance(err, ConnectionError):
        return "connection_reset"
    return "network_error" if isinstance(err, OSError) else "protocol_error"
