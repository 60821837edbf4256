"""An HTTP/1.1 request: the URL split, and the request head as http.client writes it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class HttpTarget(NamedTuple):
    """An http:// or https:// URL, split."""

    scheme: str
    host: str
    port: int
    path: str


def parse_url(target: str) -> HttpTarget:
    """Split an http:// or https:// URL; ValueError for anything else."""
    from urllib.parse import urlsplit

    parts = urlsplit(target.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"target {target!r} is not an http:// or https:// URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return HttpTarget(parts.scheme, parts.hostname, port, path)


def request_head(
    url: HttpTarget, method: str, headers: Mapping[str, str], body_bytes: int | None = None
) -> bytes:
    """Return the request line and headers: Host as http.client writes it, then `headers`,
    Content-Length when a body follows, and Connection: close (one request a connection)."""
    host = url.host if url.host.isascii() else url.host.encode("idna").decode("ascii")
    host = f"[{host}]" if ":" in host else host
    default_port = 443 if url.scheme == "https" else 80
    lines = [
        f"{method} {url.path} HTTP/1.1",
        f"Host: {host if url.port == default_port else f'{host}:{url.port}'}",
        *(f"{name}: {value}" for name, value in headers.items()),
        *([f"Content-Length: {body_bytes}"] if body_bytes is not None else []),
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
