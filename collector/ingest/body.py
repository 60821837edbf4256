"""Read a request body within limits: compressed size, then decompressed size (gzip bombs)."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

from collector.errors import Rejected


async def read_limited(chunks: AsyncIterator[bytes], declared: int | None, limit: int) -> bytes:
    """Collect a body of at most `limit` bytes, refusing early on a larger Content-Length."""
    if declared is not None and declared > limit:
        raise Rejected(413, f"body of {declared} bytes is over the {limit}-byte limit")
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise Rejected(413, f"body is over the {limit}-byte limit")
        parts.append(chunk)
    return b"".join(parts)


def decompress(body: bytes, encoding: str, limit: int) -> bytes:
    """Undo `Content-Encoding` (identity or gzip) without inflating past `limit` bytes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding != "gzip":
        raise Rejected(415, f"content encoding {encoding!r} is not supported (use gzip)")
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as err:
        raise Rejected(400, f"body is not valid gzip: {err}") from err
    if len(out) > limit or inflater.unconsumed_tail:
        raise Rejected(413, f"body inflates past the {limit}-byte limit")
    if not inflater.eof:
        raise Rejected(400, "gzip body is truncated")
    if inflater.unused_data:
        raise Rejected(400, "data after the end of the gzip body: send one gzip member")
    return out
