"""Reading an HTTP/1.x response as it arrives: framing, interim responses, malformed heads."""

from __future__ import annotations

import pytest

from agent.net.httpresponse import Malformed, ResponseReader, parse_head

CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n"
)


def fed(reader: ResponseReader, data: bytes, step: int) -> ResponseReader:
    """Feed `data` in pieces of `step` bytes, as a slow network would deliver it."""
    for start in range(0, len(data), step):
        reader.feed(data[start : start + step])
    return reader


@pytest.mark.parametrize("step", [1, 3, 7, 1000])
def test_chunked_body_ends_at_the_last_chunk_in_any_pieces(step: int) -> None:
    reader = fed(ResponseReader("GET", 1 << 20), CHUNKED, step)
    assert (reader.status, reader.complete, reader.body_bytes) == (200, True, 11)


def test_chunked_not_yet_ended() -> None:
    reader = fed(ResponseReader("GET", 1 << 20), CHUNKED[:-2], 5)
    assert reader.status == 200 and not reader.complete


@pytest.mark.parametrize("step", [1, 1000])
def test_content_length_ends_the_body_without_a_close(step: int) -> None:
    response = b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: keep-alive\r\n\r\nbody"
    reader = fed(ResponseReader("GET", 1 << 20), response, step)
    assert reader.complete and reader.body_bytes == 4
    short = fed(ResponseReader("GET", 1 << 20), response[:-1], step)
    assert not short.complete


def test_without_length_the_body_ends_when_the_server_closes() -> None:
    reader = fed(ResponseReader("GET", 1 << 20), b"HTTP/1.0 200 OK\r\n\r\nsome body", 4)
    assert not reader.complete
    reader.feed(b"")
    assert reader.complete and reader.body_bytes == 9


@pytest.mark.parametrize(
    ("method", "head"),
    [
        ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"),
        ("GET", b"HTTP/1.1 204 No Content\r\n\r\n"),
        ("GET", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"),
        ("GET", b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    ],
)
def test_responses_without_a_body_are_complete_at_their_head(method: str, head: bytes) -> None:
    reader = ResponseReader(method, 1 << 20)
    reader.feed(head)
    assert reader.complete and reader.body_bytes == 0


def test_interim_100_continue_is_skipped() -> None:
    response = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\nContent-Length: 2\r\n\r\nno"
    reader = fed(ResponseReader("GET", 1 << 20), response, 6)
    assert (reader.status, reader.complete) == (503, True)


def test_bare_newlines_are_read() -> None:
    reader = fed(ResponseReader("GET", 1 << 20), b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 3)
    assert (reader.status, reader.complete) == (200, True)


def test_the_body_read_stops_at_the_cap() -> None:
    reader = ResponseReader("GET", 10)
    reader.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + b"x" * 12)
    assert reader.complete and reader.body_bytes == 12


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "status line"),
        (b"HTTP/1.1 2000 OK\r\n\r\n", "status line"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", "Content-Length"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "longer"),
    ],
)
def test_malformed_responses_say_what_is_wrong(response: bytes, words: str) -> None:
    with pytest.raises(Malformed, match=words):
        ResponseReader("GET", 1 << 20).feed(response)


@pytest.mark.parametrize(
    ("received", "words"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Le", "before a complete response head"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "3 bytes into the body"),
    ],
)
def test_a_close_before_the_end_is_malformed(received: bytes, words: str) -> None:
    reader = ResponseReader("GET", 1 << 20)
    reader.feed(received)
    with pytest.raises(Malformed, match=words):
        reader.feed(b"")


def test_an_endless_head_is_refused() -> None:
    with pytest.raises(Malformed, match="longer than"):
        ResponseReader("GET", 1 << 20).feed(b"HTTP/1.1 200 OK\r\nX: " + b"y" * 70000)


def test_parse_head_joins_repeated_headers() -> None:
    status, headers = parse_head(b"HTTP/1.1 200 OK\r\nVia: a\r\nvia: b\r\nX-Empty:\r\nbroken")
    assert status == 200
    assert headers == {"via": "a, b", "x-empty": ""}
