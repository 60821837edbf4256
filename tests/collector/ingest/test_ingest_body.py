"""Body limits: the compressed size while reading, the inflated size while un-gzipping."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import pytest

from collector.errors import Rejected
from collector.ingest.body import decompress, read_limited


class Chunks:
    """An async body stream that counts how many chunks were pulled from it."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk


def read(chunks: Chunks, declared: int | None, limit: int) -> bytes:
    return asyncio.run(read_limited(chunks.__aiter__(), declared, limit))


def test_body_within_the_limit_is_joined() -> None:
    assert read(Chunks(b"ab", b"cd", b"e"), None, 5) == b"abcde"


def test_declared_length_over_the_limit_is_refused_before_reading() -> None:
    chunks = Chunks(b"x" * 10)

    with pytest.raises(Rejected) as refused:
        read(chunks, 11, 10)

    assert refused.value.status == 413 and "11 bytes" in refused.value.reason
    assert chunks.pulled == 0


def test_undeclared_body_is_refused_at_the_chunk_that_crosses_the_limit() -> None:
    chunks = Chunks(b"x" * 6, b"x" * 6, b"x" * 6)

    with pytest.raises(Rejected) as refused:
        read(chunks, None, 10)

    assert refused.value.status == 413
    assert chunks.pulled == 2  # the rest is never buffered


def test_body_longer_than_declared_is_still_counted() -> None:
    with pytest.raises(Rejected):
        read(Chunks(b"x" * 8, b"x" * 8), 5, 10)


@pytest.mark.parametrize("encoding", ["", "identity", " Identity "])
def test_identity_passes_the_body_through(encoding: str) -> None:
    assert decompress(b"raw", encoding, 10) == b"raw"


@pytest.mark.parametrize("encoding", ["gzip", "GZIP", " gzip "])
def test_gzip_is_inflated(encoding: str) -> None:
    assert decompress(gzip.compress(b"hello" * 100), encoding, 500) == b"hello" * 100


@pytest.mark.parametrize("encoding", ["br", "deflate", "gzip, br", "zstd"])
def test_other_encodings_are_a_415(encoding: str) -> None:
    with pytest.raises(Rejected) as refused:
        decompress(b"...", encoding, 10)

    assert refused.value.status == 415 and "use gzip" in refused.value.reason


def test_inflating_exactly_to_the_limit_is_allowed() -> None:
    assert len(decompress(gzip.compress(bytes(1000)), "gzip", 1000)) == 1000


def test_inflating_past_the_limit_is_a_413() -> None:
    with pytest.raises(Rejected) as refused:
        decompress(gzip.compress(bytes(1001)), "gzip", 1000)

    assert refused.value.status == 413 and "inflates past" in refused.value.reason


def test_a_bomb_is_refused_without_inflating_it() -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(packer.compress(bytes(1 << 20)) for _ in range(64)) + packer.flush()

    with pytest.raises(Rejected) as refused:
        decompress(bomb, "gzip", 1 << 20)

    assert refused.value.status == 413


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not gzip at all", "not valid gzip"),
        (gzip.compress(b"x" * 5000)[:-12], "truncated"),
        (gzip.compress(b"data")[:5], "truncated"),
        (b"", "truncated"),
    ],
    ids=["garbage", "cut trailer", "cut header", "empty"],
)
def test_broken_gzip_is_a_400(body: bytes, reason: str) -> None:
    with pytest.raises(Rejected) as refused:
        decompress(body, "gzip", 1 << 20)

    assert refused.value.status == 400 and reason in refused.value.reason
