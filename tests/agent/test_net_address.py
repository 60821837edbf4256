"""Target parsing: host:port, [v6]:port, bare hosts."""

from __future__ import annotations

import pytest

from agent.net.address import bare_host, split_host_port


@pytest.mark.parametrize(
    ("target", "default", "expected"),
    [
        ("127.0.0.1:8080", None, ("127.0.0.1", 8080)),
        ("[::1]:53", None, ("::1", 53)),
        ("dns.example", 53, ("dns.example", 53)),
        ("[::1]", 53, ("::1", 53)),
        (" host.example:443 ", None, ("host.example", 443)),
    ],
)
def test_split_host_port(target: str, default: int | None, expected: tuple[str, int]) -> None:
    assert split_host_port(target, default) == expected


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("127.0.0.1", "needs a port"),
        ("::1:80", "IPv6"),
        ("host:0", "1..65535"),
        ("host:70000", "1..65535"),
        ("host:http", "1..65535"),
        (":80", "no host"),
        ("[::1]80", "expected"),
    ],
)
def test_split_host_port_refuses(target: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split_host_port(target)


@pytest.mark.parametrize(
    ("target", "expected"),
    [("127.0.0.1", "127.0.0.1"), ("[::1]", "::1"), ("::1", "::1"), ("gw.example", "gw.example")],
)
def test_bare_host(target: str, expected: str) -> None:
    assert bare_host(target) == expected


@pytest.mark.parametrize("target", ["", "host:80", "http://host/", "[::1]:7"])
def test_bare_host_refuses(target: str) -> None:
    with pytest.raises(ValueError):
        bare_host(target)
