"""DNS wire format: the query we send and the responses we read, as literal bytes."""

from __future__ import annotations

import struct

import pytest

from agent.probes.dnsmessage import (
    Malformed,
    build_query,
    encode_name,
    parse_response,
    rcode_word,
    read_name,
)

# id 0xBEEF, QR RD RA, NOERROR; question records.example A IN; two answers, compressed owner
QUESTION = b"\x07records\x07example\x00\x00\x01\x00\x01"
ANSWER_7 = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x0a\x00\x00\x07"
ANSWER_8 = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x0a\x00\x00\x08"
RESPONSE = b"\xbe\xef\x81\x80\x00\x01\x00\x02\x00\x00\x00\x00" + QUESTION + ANSWER_7 + ANSWER_8


def test_build_query() -> None:
    assert build_query(0xBEEF, "records.example.", "A") == (
        b"\xbe\xef\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + QUESTION
    )
    assert build_query(1, "x.example", "AAAA").endswith(b"\x00\x1c\x00\x01")


@pytest.mark.parametrize("bad", ["", "a..b", "x" * 64 + ".example", ("a" * 60 + ".") * 5])
def test_encode_name_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        encode_name(bad)


def test_parse_response() -> None:
    response = parse_response(RESPONSE, "A")
    assert response == (0xBEEF, False, "NOERROR", ("10.0.0.7", "10.0.0.8"))


def test_parse_aaaa_keeps_only_aaaa() -> None:
    aaaa = b"\xc0\x0c\x00\x1c\x00\x01\x00\x00\x00\x3c\x00\x10" + bytes(15) + b"\x01"
    message = RESPONSE[:7] + b"\x03" + RESPONSE[8:] + aaaa
    assert parse_response(message, "AAAA").answers == ("::1",)


def test_read_name_follows_pointer_chains() -> None:
    # "target" + pointer to "example" inside the question, then a pointer to that
    message = RESPONSE + b"\x06target\xc0\x14" + b"\xc0" + bytes([len(RESPONSE)])
    assert read_name(message, 12) == ("records.example", 12 + len(QUESTION) - 4)
    assert read_name(message, len(RESPONSE)) == ("target.example", len(RESPONSE) + 9)
    assert read_name(message, len(RESPONSE) + 9) == ("target.example", len(RESPONSE) + 11)


@pytest.mark.parametrize(
    "message",
    [
        b"\xbe\xef\x81",  # shorter than a header
        b"\xbe\xef\x01\x00" + bytes(8),  # a query, not a response
        RESPONSE[:-3],  # answer cut short
        RESPONSE[:12] + b"\xc0\x0c" + b"\x00\x01\x00\x01",  # question name points at itself
        RESPONSE[:12] + b"\x80",  # reserved label type
        RESPONSE[:-16] + ANSWER_7[:11] + b"\x03\x0a\x00\x00",  # A record of 3 bytes
    ],
)
def test_malformed(message: bytes) -> None:
    with pytest.raises(Malformed):
        parse_response(message, "A")


def test_truncated_flag_skips_answers() -> None:
    flags = struct.pack("!H", 0x8380)
    response = parse_response(RESPONSE[:2] + flags + RESPONSE[4:20], "A")
    assert response.truncated and response.answers == ()


@pytest.mark.parametrize(
    ("number", "word"),
    [(0, "NOERROR"), (2, "SERVFAIL"), (3, "NXDOMAIN"), (5, "REFUSED"), (15, "RCODE15")],
)
def test_rcode_word(number: int, word: str) -> None:
    assert rcode_word(number) == word
