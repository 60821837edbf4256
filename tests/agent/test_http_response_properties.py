"""Property tests of the agent's HTTP/1.x response reader: any bytes, fed in any pieces, end
in a status and headers (complete or still waiting) or Malformed, never another exception."""

from __future__ import annotations

from fuzzing import fixed
from hypothesis import given
from hypothesis import strategies as st

from agent.net.httpresponse import Malformed, ResponseReader, parse_head

VALID = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"HTTP/1.0 413 Too Large\r\nRetry-After: 3\r\n\r\n{}",
]


def changed(valid: bytes) -> st.SearchStrategy[bytes]:
    """Draw `valid` with a span of bytes replaced."""
    return st.builds(
        lambda at, width, b: valid[:at] + b + valid[at + width :],
        st.integers(0, len(valid)),
        st.integers(0, 6),
        st.binary(max_size=6) | st.sampled_from([b"\r\n", b"-1", b"ffffffffffffffffffff", b":"]),
    )


RESPONSES = st.binary(max_size=200) | st.sampled_from(VALID).flatmap(changed)


@fixed(300)
@given(RESPONSES, st.integers(1, 64), st.sampled_from(["GET", "HEAD", "POST"]))
def test_any_response_reads_or_is_malformed(data: bytes, step: int, method: str) -> None:
    reader = ResponseReader(method, 64, keep_body=True)
    try:
        for at in range(0, len(data), step):
            reader.feed(data[at : at + step])
        reader.feed(b"")
    except Malformed:
        return
    assert reader.status is not None and reader.body_bytes >= 0


@fixed(200)
@given(RESPONSES.map(lambda r: r.split(b"\r\n\r\n")[0]))
def test_any_head_parses_or_is_malformed(head: bytes) -> None:
    try:
        status, headers = parse_head(head)
    except Malformed:
        return
    assert isinstance(status, int) and isinstance(headers, dict)
