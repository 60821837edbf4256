"""HTTP/1.1 over a few keep-alive connections to the collector, on asyncio streams.

Many simulated agents share a small set of connections: each connection carries one
exchange at a time, and is opened again when the server closed it (uvicorn closes idle
keep-alive connections after a few seconds). A request that fails on a reused connection
before any answer arrived is sent once more on a fresh one: reports and enrollments are
safe to repeat (a repeated seq is acknowledged as a duplicate). The answer is read with
the agent's own response reader (agent/net/httpresponse.py).
"""

from __future__ import annotations

import asyncio
import json
import ssl
from dataclasses import dataclass
from typing import Any

from agent.net.httprequest import HttpTarget, parse_url
from agent.net.httpresponse import Malformed, ResponseReader

MAX_ANSWER_BYTES = 4 * 1024 * 1024
READ_BYTES = 65536


class Unreachable(Exception):
    """No answer from the collector: `reason` is one word (refused, timeout, tls, closed)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True)
class Answer:
    """The collector's answer: status, lower-case headers, body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """Return the body as JSON, None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def ssl_context(url: HttpTarget, ca_file: str | None) -> ssl.SSLContext | None:
    """Return the TLS context for an https URL (trusting `ca_file` when given), else None."""
    if url.scheme != "https":
        return None
    return ssl.create_default_context(cafile=ca_file)


class Connection:
    """One keep-alive connection to the collector, opened on first use."""

    def __init__(self, url: HttpTarget, tls: ssl.SSLContext | None, timeout_seconds: float) -> None:
        self._url, self._tls, self._timeout = url, tls, timeout_seconds
        self._host = url.host if url.port in (80, 443) else f"{url.host}:{url.port}"
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> Answer:
        """POST `body` to `path` and return the answer; Unreachable when none came."""
        head = self._head(path, len(body), headers or {})
        reused = self._streams is not None
        try:
            return await asyncio.wait_for(self._exchange(head, body), self._timeout)
        except (OSError, EOFError, Malformed, TimeoutError) as err:
            self.close()
            if reused and not isinstance(err, TimeoutError):
                try:
                    return await asyncio.wait_for(self._exchange(head, body), self._timeout)
                except (OSError, EOFError, Malformed, TimeoutError) as again:
                    self.close()
                    raise _unreachable(again) from again
            raise _unreachable(err) from err

    def _head(self, path: str, length: int, headers: dict[str, str]) -> bytes:
        lines = [
            f"POST {path} HTTP/1.1",
            f"Host: {self._host}",
            *(f"{k}: {v}" for k, v in headers.items()),
            f"Content-Length: {length}",
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _exchange(self, head: bytes, body: bytes) -> Answer:
        if self._streams is None:
            self._streams = await asyncio.open_connection(
                self._url.host, self._url.port, ssl=self._tls
            )
        reader, writer = self._streams
        writer.write(head + body)
        await writer.drain()
        answer = ResponseReader("POST", MAX_ANSWER_BYTES, keep_body=True)
        while not answer.complete:
            data = await reader.read(READ_BYTES)
            if not data and answer.status is None:
                raise EOFError("the collector closed the connection before answering")
            answer.feed(data)
        if answer.headers.get("connection", "").lower() == "close":
            self.close()
        assert answer.status is not None
        return Answer(answer.status, answer.headers, answer.body)

    def close(self) -> None:
        """Drop the connection; the next request opens a new one."""
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


def _unreachable(err: BaseException) -> Unreachable:
    if isinstance(err, TimeoutError):
        return Unreachable("timeout", "no answer in time")
    if isinstance(err, ConnectionRefusedError):
        return Unreachable("refused", str(err))
    if isinstance(err, ssl.SSLError):
        return Unreachable("tls", str(err))
    if isinstance(err, Malformed):
        return Unreachable("malformed", str(err))
    return Unreachable("closed", str(err) or type(err).__name__)


def target(url: str) -> HttpTarget:
    """Split the collector's base URL; ValueError for anything but http(s)://host[:port]."""
    return parse_url(url)
