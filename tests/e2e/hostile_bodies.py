"""Random and mutated request bodies, drawn from a seeded `random.Random` so a run repeats.

Each body is a valid one broken in one way (a byte flipped, cut short, bytes inserted, one
value replaced by any JSON value) or a known trap (deep nesting, lone surrogate escapes,
huge integers, NUL escapes), or random bytes.
"""

from __future__ import annotations

import copy
import gzip
import json
import random
from collections.abc import Callable
from typing import Any

TRAPS = [
    b"[" * 100_000 + b"]" * 100_000,
    b"{" * 50_000,
    b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    b'"\\ud800"',
    b'{"x": "\\udfff\\ud800"}',
    b"1" * 5_000,
    b"-" + b"9" * 5_000,
    b'{"x": "\\u0000"}',
    b"\x00" * 64,
    b"NaN",
    b'{"x": Infinity}',
    b"\xef\xbb\xbf{}",
    b"",
    b"null",
    b" \n\n\r\n ",
]


def json_value(rng: random.Random, depth: int = 0) -> Any:
    """Return a random JSON value: scalars of every kind, lists and objects a few levels deep."""
    pick = rng.randrange(12 if depth < 3 else 9)
    scalars: list[Callable[[], Any]] = [
        lambda: None,
        lambda: rng.random() < 0.5,
        lambda: rng.randint(-(2**70), 2**70),
        lambda: rng.choice([0, -1, 2**63, 2**64, -(2**63) - 1, 10**400]),
        lambda: rng.uniform(-1e300, 1e300),
        lambda: "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(12))),
        lambda: rng.choice(["", "\x00", "\ud800", "a\udfffb", "2025-13-45T99:99:99Z"]),
        lambda: "x" * rng.randrange(10_000),
        lambda: rng.choice(["phuong-tan-dinh", "workstation", "server", "inventory", "health"]),
    ]
    if pick < len(scalars):
        return scalars[pick]()
    if pick == 9:
        return [json_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {f"k{rng.randrange(99)}": json_value(rng, depth + 1) for _ in range(rng.randrange(4))}


def paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value inside `document` (the root excluded)."""
    found = [prefix] if prefix else []
    children = (
        document.items()
        if isinstance(document, dict)
        else enumerate(document)
        if isinstance(document, list)
        else ()
    )
    for key, value in children:
        found += paths(value, (*prefix, key))
    return found


def replaced(rng: random.Random, document: Any) -> Any:
    """Return a copy of `document` with one value (or a key's presence) changed at random."""
    changed = copy.deepcopy(document)
    path = rng.choice(paths(changed))
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    if isinstance(holder, dict) and rng.random() < 0.2:
        del holder[path[-1]]
    else:
        holder[path[-1]] = json_value(rng)
    return changed


def mutated(rng: random.Random, valid: bytes) -> bytes:
    """Return `valid` with a byte flipped, a span cut or inserted, or cut short."""
    at = rng.randrange(len(valid))
    noise = rng.randbytes(rng.randrange(1, 8))
    return rng.choice(
        [
            valid[:at] + bytes([valid[at] ^ (1 << rng.randrange(8))]) + valid[at + 1 :],
            valid[:at] + valid[at + rng.randrange(1, 64) :],
            valid[:at] + noise + valid[at:],
            valid[:at],
        ]
    )


def as_json(value: Any) -> bytes:
    """Encode a drawn value; a lone surrogate goes out as its escape, as JSON allows."""
    return json.dumps(value).encode()


def body(rng: random.Random, document: dict[str, Any], wrap: Callable[[bytes], bytes]) -> bytes:
    """Return one hostile body built around the valid `document`, framed by `wrap`."""
    valid = wrap(as_json(document))
    kind = rng.randrange(10)
    if kind == 0:
        return rng.randbytes(rng.randrange(400))
    if kind == 1:
        return rng.choice(TRAPS)
    if kind == 2:
        return wrap(rng.choice(TRAPS))
    if kind in (3, 4, 5):
        return mutated(rng, valid)
    if kind == 6:
        return as_json(json_value(rng))
    return wrap(as_json(replaced(rng, document)))


def gzip_bomb(inflated_bytes: int) -> bytes:
    """Return a gzip member that inflates to `inflated_bytes` zeros."""
    return gzip.compress(b"0" * inflated_bytes, compresslevel=9)
