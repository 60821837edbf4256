"""The transport: real HTTP(S) on 127.0.0.1; every answer is data, silence is an error."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fake_collector import FakeCollector, closed_port

from agent.config import CollectorConfig
from agent.transport import Client, CollectorUnreachable, Response, post_json

REPORTS = "/api/v1/reports"


@pytest.fixture
def fake() -> Iterator[FakeCollector]:
    with FakeCollector() as server:
        yield server


def test_post_sends_gzip_json_with_the_token(fake: FakeCollector) -> None:
    answer = post_json(fake.url + REPORTS, {"reports": [{"seq": 7}]}, token="t0ken")
    assert answer.status == 200
    assert answer.body == {"acknowledged": [7], "rejected": [], "config": None}
    assert fake.received == [7]


def test_an_http_error_is_an_answer_not_an_exception(fake: FakeCollector) -> None:
    answer = post_json(fake.url + REPORTS, {"reports": []}, token="wrong")
    assert answer.status == 401
    assert answer.error_text() == "collector said 401: unknown token"


def test_scripted_status_and_headers_come_back(fake: FakeCollector) -> None:
    fake.refuse(1, (429, {"Retry-After": "30"}))
    answer = Client(CollectorConfig(url=fake.url)).post(REPORTS, b'{"reports":[]}', "t0ken")
    assert (answer.status, answer.retry_after_seconds()) == (429, 30.0)


def test_retry_after_accepts_an_http_date() -> None:
    answer = Response(503, {"retry-after": "Wed, 01 Jan 2025 00:01:00 GMT"}, None)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp()
    assert answer.retry_after_seconds(now) == 60.0
    assert Response(503, {"retry-after": "soon"}, None).retry_after_seconds(now) is None


def test_a_closed_port_is_connection_refused() -> None:
    with pytest.raises(CollectorUnreachable) as caught:
        post_json(f"http://127.0.0.1:{closed_port()}{REPORTS}", {})
    assert caught.value.reason == "connection_refused"


def test_a_silent_server_is_a_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}{REPORTS}"
        with pytest.raises(CollectorUnreachable) as caught:
            post_json(url, {}, timeout_seconds=0.2)
    assert caught.value.reason == "timeout"


def test_a_dropped_connection_is_connection_reset(fake: FakeCollector) -> None:
    fake.refuse(1, "close")
    with pytest.raises(CollectorUnreachable) as caught:
        post_json(fake.url + REPORTS, {"reports": [{"seq": 1}]}, token="t0ken")
    assert caught.value.reason == "connection_reset"


def test_plain_http_builds_no_ssl_context(fake: FakeCollector) -> None:
    client = Client(CollectorConfig(url=fake.url + "/"))
    assert client.post(REPORTS, {"reports": []}, "t0ken").status == 200
    assert client._ssl_context is None


def test_importing_delivery_loads_no_http_stack() -> None:
    # Memory goal: `status` and the CLI import delivery code without http.client and ssl.
    code = (
        "import sys, agent.delivery, agent.enroll; print({'http.client', 'ssl'} & set(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "set()"


def test_posting_over_http_loads_no_http_client_email_or_ssl(fake: FakeCollector) -> None:
    # Memory goal: the agent's own HTTP/1.1 (agent/net) replaces http.client and its email.
    code = (
        "import sys\nfrom agent.transport import post_json\n"
        f"answer = post_json('{fake.url}{REPORTS}', {{'reports': []}}, token='t0ken')\n"
        "print(answer.status, sorted({'http.client', 'email', 'ssl'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "200 []"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wardwatch test collector")])
    now = dt.datetime.now(dt.UTC)
    san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(san, critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_fake(certificate: tuple[Path, Path]) -> Iterator[FakeCollector]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    with FakeCollector(tls=context) as server:
        yield server


def test_tls_trusts_the_configured_ca_file(tls_fake: FakeCollector, certificate: tuple) -> None:
    client = Client(CollectorConfig(url=tls_fake.url, ca_file=str(certificate[0])))
    assert client.post(REPORTS, {"reports": [{"seq": 1}]}, "t0ken").status == 200


def test_tls_refuses_an_unknown_certificate(tls_fake: FakeCollector) -> None:
    with pytest.raises(CollectorUnreachable) as caught:
        Client(CollectorConfig(url=tls_fake.url)).post(REPORTS, {"reports": []}, "t0ken")
    assert caught.value.reason == "tls_error"


def test_tls_unverified_works_but_warns(
    tls_fake: FakeCollector, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    client = Client(CollectorConfig(url=tls_fake.url, verify_tls=False))
    assert client.post(REPORTS, {"reports": []}, "t0ken").status == 200
    assert "TLS VERIFICATION IS OFF" in caplog.text
