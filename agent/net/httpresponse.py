"""Read an HTTP/1.x response as its bytes arrive: the status code and where the body ends.

Feed it what the socket receives; it finds the status line and headers, skips interim
1xx responses, then follows the body's framing (Content-Length, chunked, or until the
server closes) and says when the response is complete. It counts the body and keeps it
only when asked (the probes count, the transport reads the collector's answer).
"""

from __future__ import annotations

import re

MAX_HEAD_BYTES = 64 * 1024
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_NO_BODY_STATUS = (204, 304)


class Malformed(ValueError):
    """The bytes are not an HTTP/1.x response."""


class ResponseReader:
    """The state of one response being received; `complete` once its body has ended."""

    def __init__(self, method: str, max_body_bytes: int, *, keep_body: bool = False) -> None:
        self._head_only = method.upper() == "HEAD"
        self._max_body_bytes = max_body_bytes
        self._kept: bytearray | None = bytearray() if keep_body else None
        self._pending = b""
        self._framing = "head"  # then: none, length, chunked or close
        self._left = 0  # body bytes left (length) or bytes left of the current chunk
        self._chunk = "size"  # where a chunked body is: size, data, end or trailer
        self.status: int | None = None
        self.headers: dict[str, str] = {}  # lower-case names
        self.body_bytes = 0
        self.complete = False

    def feed(self, data: bytes) -> None:
        """Take the next bytes received, b"" once the server closed; Malformed if not HTTP/1.x."""
        if self.complete:
            return
        if not data:
            self._closed()
            return
        self._pending += data
        if self._framing == "head" and not self._read_head():
            return
        if self._framing == "length":
            self._take_length()
        elif self._framing == "chunked":
            self._take_chunks()
        elif self._framing == "close":
            self._body(self._pending)
            self._pending = b""
        if self.body_bytes >= self._max_body_bytes:
            self.complete = True  # enough read: the rest of a large body is not waited for

    def _closed(self) -> None:
        if self.status is None:
            raise Malformed("the server closed the connection before a complete response head")
        if self._framing != "close":
            closed = f"the server closed the connection {self.body_bytes} bytes into the body"
            raise Malformed(closed)
        self.complete = True

    def _read_head(self) -> bool:
        while True:
            end = _HEAD_END.search(self._pending)
            if end is None:
                if len(self._pending) > MAX_HEAD_BYTES:
                    raise Malformed(f"the response head is longer than {MAX_HEAD_BYTES} bytes")
                return False
            head, self._pending = self._pending[: end.start()], self._pending[end.end() :]
            status, headers = parse_head(head)
            if not (100 <= status < 200 and status != 101):  # 1xx but 101: more follows
                break
        self.status, self.headers = status, headers
        self._framing, self._left = self._body_framing(status, headers)
        self.complete = self._framing == "none"
        return True

    def _body_framing(self, status: int, headers: dict[str, str]) -> tuple[str, int]:
        if self._head_only or status < 200 or status in _NO_BODY_STATUS:
            return "none", 0
        codings = headers.get("transfer-encoding", "").lower()
        if codings.rsplit(",", 1)[-1].strip() == "chunked":
            return "chunked", 0
        length = headers.get("content-length")
        if length is None:
            return "close", 0
        if not length.strip().isdigit():
            raise Malformed(f"Content-Length {length!r} is not a number of bytes")
        left = int(length)
        return ("length", left) if left else ("none", 0)

    @property
    def body(self) -> bytes:
        """Return the body received so far (empty unless kept), at most the cap and a read."""
        return bytes(self._kept or b"")

    def _body(self, part: bytes) -> None:
        self.body_bytes += len(part)
        if self._kept is not None:
            self._kept += part

    def _take_length(self) -> None:
        taken = min(self._left, len(self._pending))
        self._body(self._pending[:taken])
        self._left -= taken
        self._pending = b""
        self.complete = self._left == 0

    def _take_chunks(self) -> None:
        while not self.complete and self.body_bytes < self._max_body_bytes:
            if self._chunk == "data":
                if not self._pending:
                    return
                taken = min(self._left, len(self._pending))
                self._body(self._pending[:taken])
                self._left -= taken
                self._pending = self._pending[taken:]
                if not self._left:
                    self._chunk = "end"
                continue
            line = self._line()
            if line is None:
                return
            self._chunk_line(line)

    def _chunk_line(self, line: bytes) -> None:
        if self._chunk == "size":
            self._left = _chunk_size(line)
            self._chunk = "data" if self._left else "trailer"
        elif self._chunk == "end":
            if line:
                raise Malformed("a chunk is longer than its size line says")
            self._chunk = "size"
        elif not line:  # the empty line that ends the trailer
            self.complete = True

    def _line(self) -> bytes | None:
        end = self._pending.find(b"\n")
        if end < 0:
            if len(self._pending) > MAX_HEAD_BYTES:
                raise Malformed("a chunk size or trailer line is too long")
            return None
        line, self._pending = self._pending[:end], self._pending[end + 1 :]
        return line.rstrip(b"\r")


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """Return the status code and the headers (lower-case names) of a response head."""
    status_line, *lines = head.split(b"\n")
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not _is_status(parts[1]):
        raise Malformed(f"not an HTTP/1.x status line: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.decode("latin-1").partition(":")
        if colon:
            key = name.strip().lower()
            value = value.strip()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return int(parts[1]), headers


def _is_status(text: bytes) -> bool:
    return len(text) == 3 and text.isdigit()


def _chunk_size(line: bytes) -> int:
    size = line.split(b";", 1)[0].strip()
    try:
        return int(size, 16)
    except ValueError:
        raise Malformed(f"bad chunk size line {line[:40]!r}") from None
