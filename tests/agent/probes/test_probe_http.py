"""The http prober against real loopback HTTP and HTTPS servers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from probe_once import probe

from agent.config import ModuleConfig
from agent.net.httprequest import parse_url, request_head

if TYPE_CHECKING:
    from conftest import Pki

HttpServer = Callable[..., str]
MODULE = ModuleConfig(prober="http", timeout_seconds=2.0)


def soon(seconds: float = 2.0) -> float:
    return time.monotonic() + seconds


def test_ok_reports_status_and_times(http_server: HttpServer) -> None:
    sample = probe("http", http_server(200, b"x" * 100_000), MODULE, soon())
    assert sample.result == "success"
    assert sample.http is not None and sample.http.status_code == 200
    assert sample.http.ttfb_seconds is not None and sample.http.total_seconds is not None
    assert 0 < sample.http.ttfb_seconds <= sample.http.total_seconds
    assert sample.rtt_seconds == sample.http.ttfb_seconds
    assert sample.tls is None


def test_head(http_server: HttpServer) -> None:
    module = ModuleConfig(prober="http", method="HEAD")
    assert probe("http", http_server(204), module, soon()).result == "success"


def test_status_500_is_http_status(http_server: HttpServer) -> None:
    sample = probe("http", http_server(500), MODULE, soon())
    assert sample.result == "http_status"
    assert sample.http is not None and sample.http.status_code == 500
    assert sample.rtt_seconds is None
    assert "500" in (sample.error or "")


def test_valid_status_codes_replace_2xx(http_server: HttpServer) -> None:
    module = ModuleConfig(prober="http", valid_status_codes=(500,))
    assert probe("http", http_server(500), module, soon()).result == "success"
    assert probe("http", http_server(200), module, soon()).result == "http_status"


def test_redirect_is_not_followed(http_server: HttpServer) -> None:
    sample = probe("http", http_server(302), MODULE, soon())
    assert sample.result == "http_status"
    assert sample.http is not None and sample.http.status_code == 302


def test_body_read_is_capped(http_server: HttpServer) -> None:
    sample = probe("http", http_server(200, b"y" * (3 * 1024 * 1024)), MODULE, soon())
    assert sample.result == "success"


def test_silent_server_times_out_within_timeout(silent_listener: int) -> None:
    started = time.monotonic()
    sample = probe("http", f"http://127.0.0.1:{silent_listener}/", MODULE, soon(0.5))
    assert sample.result == "timeout"
    assert time.monotonic() - started < 1.0


def test_closed_port_is_refused(closed_port: int) -> None:
    sample = probe("http", f"http://127.0.0.1:{closed_port}/", MODULE, soon())
    assert sample.result == "connection_refused"


def test_garbage_answer_is_a_protocol_error(tcp_answering: Callable[[bytes], int]) -> None:
    port = tcp_answering(b"SSH-2.0-OpenSSH_9.6\r\n")
    sample = probe("http", f"http://127.0.0.1:{port}/", MODULE, soon())
    assert sample.result == "protocol_error"


def test_https_with_own_ca(http_server: HttpServer, pki: Pki) -> None:
    module = ModuleConfig(prober="http", ca_file=pki.ca_file)
    sample = probe("http", http_server(200, context=pki.fresh), module, soon())
    assert sample.result == "success", sample.error
    assert sample.tls is not None and sample.tls.verified
    assert sample.tls.days_to_expiry == pytest.approx(3.0, abs=0.05)
    assert sample.tls.not_after is not None
    assert sample.tls.issuer == "Wardwatch Test CA"


def test_https_unknown_ca_still_reports_expiry(http_server: HttpServer, pki: Pki) -> None:
    sample = probe("http", http_server(200, context=pki.fresh), MODULE, soon())
    assert sample.result == "tls_error"
    assert sample.tls is not None and not sample.tls.verified
    assert sample.tls.days_to_expiry == pytest.approx(3.0, abs=0.05)
    assert sample.tls.issuer == "Wardwatch Test CA"


def test_https_expired_self_signed(http_server: HttpServer, pki: Pki) -> None:
    module = ModuleConfig(prober="http", ca_file=pki.ca_file)
    sample = probe("http", http_server(200, context=pki.expired), module, soon())
    assert sample.result == "tls_error"
    assert sample.tls is not None and not sample.tls.verified
    assert sample.tls.error
    assert sample.tls.not_after is not None
    assert sample.tls.days_to_expiry is not None and -1.1 < sample.tls.days_to_expiry < -0.9
    assert sample.tls.issuer == "expired.test"


def test_https_to_plain_http_is_a_tls_error(http_server: HttpServer) -> None:
    url = http_server(200).replace("http://", "https://")
    assert probe("http", url, MODULE, soon()).result == "tls_error"


@pytest.mark.parametrize("target", ["ftp://host/", "host:80", "http:///path", "https://"])
def test_bad_url_raises(target: str) -> None:
    with pytest.raises(ValueError):
        parse_url(target)


def test_parse_url() -> None:
    assert parse_url("https://[::1]:8443/a?b=1") == ("https", "::1", 8443, "/a?b=1")
    assert parse_url("http://records.example") == ("http", "records.example", 80, "/")


def test_a_chunked_body_is_read_to_its_end(tcp_answering: Callable[..., int]) -> None:
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    port = tcp_answering(chunked, hold_seconds=5)  # a server that keeps the connection open
    started = time.monotonic()
    sample = probe("http", f"http://127.0.0.1:{port}/", MODULE, soon())
    assert sample.result == "success"
    assert sample.http is not None and sample.http.total_seconds is not None
    assert time.monotonic() - started < 1.0  # the end of the body, not the close, ended it


def test_a_stalled_body_is_a_timeout_with_its_status(tcp_answering: Callable[..., int]) -> None:
    port = tcp_answering(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart", hold_seconds=5)
    sample = probe("http", f"http://127.0.0.1:{port}/", MODULE, soon(0.5))
    assert sample.result == "timeout"
    assert sample.http is not None and sample.http.status_code == 200
    assert sample.http.ttfb_seconds is not None and sample.http.total_seconds is None


def test_a_body_cut_short_is_a_protocol_error(tcp_answering: Callable[..., int]) -> None:
    port = tcp_answering(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart")
    sample = probe("http", f"http://127.0.0.1:{port}/", MODULE, soon())
    assert sample.result == "protocol_error"
    assert "4 bytes into the body" in (sample.error or "")


def test_the_request_names_the_host_as_http_client_does() -> None:
    def head(url: str) -> str:
        return request_head(parse_url(url), "GET", {}).decode().split("\r\n")[1]

    assert head("http://records.example/") == "Host: records.example"
    assert head("https://records.example:8443/x") == "Host: records.example:8443"
    assert head("http://[::1]:8080/") == "Host: [::1]:8080"
    assert head("https://bộ.example/") == "Host: xn--b-8xm.example"
