"""Cut a `{"reports": [...]}` envelope into its reports' bytes without parsing the reports.

The fast path parses the envelope with msgspec. A report nested deeper than msgspec's limit,
or holding a lone surrogate escape, fails that parse for the whole body although the body's
shape is sound; this scanner finds each report's bounds from its brackets and strings
alone, so each is refused on its own and the good ones beside it are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{},:]', re.S)
_SPACE = b" \t\r\n"


class Unsplittable(ValueError):
    """A body that is not an object holding exactly one `reports` list."""


def scan(body: bytes) -> list[bytes]:
    """Return the bytes of each element of the body's `reports` list; raise Unsplittable."""
    tokens = _TOKEN.finditer(body)
    brace = _expect(body, tokens, b"{", 0)
    key = next(tokens, None)
    if key is None or body[brace : key.start()].strip(_SPACE) or not _is_reports(key.group()):
        raise Unsplittable("the object's one key must be reports")
    colon = _expect(body, tokens, b":", key.end())
    opening = _expect(body, tokens, b"[", colon)
    reports, end = _elements(body, tokens, opening)
    closing = _expect(body, tokens, b"}", end)
    if body[closing:].strip(_SPACE):
        raise Unsplittable("text after the object")
    return reports


Tokens = Iterator[re.Match[bytes]]


def _is_reports(key: bytes) -> bool:
    try:
        return key[:1] == b'"' and json.loads(key) == "reports"
    except ValueError:
        return False


def _expect(body: bytes, tokens: Tokens, token: bytes, after: int) -> int:
    """Consume the next token, which must be `token` with only blanks since `after`."""
    found = next(tokens, None)
    if found is None or found.group() != token or body[after : found.start()].strip(_SPACE):
        raise Unsplittable(f"expected {token.decode()}")
    return found.end()


def _elements(body: bytes, tokens: Tokens, start: int) -> tuple[list[bytes], int]:
    """Split the list opened at `start` on its top-level commas; return them and its end."""
    elements: list[bytes] = []
    depth, begin = 0, start
    for found in tokens:
        mark = found.group()
        if mark in (b"[", b"{"):
            depth += 1
        elif mark in (b"]", b"}") and depth:
            depth -= 1
        elif mark == b"]" or (mark == b"," and not depth):
            element = body[begin : found.start()].strip(_SPACE)
            if element or mark == b"," or elements:  # `[1,]` holds an empty, refused report
                elements.append(element)
            if mark == b"]":
                return elements, found.end()
            begin = found.end()
    raise Unsplittable("the reports list is not closed")
