"""The collector over HTTPS, as deployed: a certificate from the city's own CA.

The test makes a CA and a server certificate for 127.0.0.1 and localhost, serves
`wardwatch-collector serve` with them, and enrolls real agents: one that trusts the CA
through collector.ca_file, and one that does not and must say how to fix it.
"""

from __future__ import annotations

import ipaddress
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from deployment import WARD, Agent, Collector, ServerTls, command, get, sample, wait_for

pytestmark = pytest.mark.slow

LOOPBACK = ipaddress.IPv4Address("127.0.0.1")


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(
    subject: str, issuer: str, public_key: ec.EllipticCurvePublicKey
) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _key_usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _pem(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def pki(tmp_path: Path) -> ServerTls:
    """Write a CA and a certificate it signed for 127.0.0.1 and localhost, with its key."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        _builder("wardwatch test CA", "wardwatch test CA", ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.IPAddress(LOOPBACK), x509.DNSName("localhost")]
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    server = (
        _builder("127.0.0.1", "wardwatch test CA", key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return ServerTls(
        cert_file=_pem(tmp_path / "collector.crt", server.public_bytes(pem)),
        key_file=_pem(tmp_path / "collector.key", key_pem),
        ca_file=_pem(tmp_path / "ca.crt", ca.public_bytes(pem)),
    )


@pytest.fixture
def https_collector(tmp_path: Path, pki: ServerTls) -> Iterator[Collector]:
    """A collector serving HTTPS with the test CA's certificate, on SQLite; stopped after."""
    directory = tmp_path / "collector"
    directory.mkdir()
    collector = Collector(directory, None, tls=pki)
    collector.start()
    yield collector
    collector.stop()


def _agent(tmp_path: Path, collector: Collector, ca_file: Path | None) -> Agent:
    directory = tmp_path / ("agent-with-ca" if ca_file else "agent-without-ca")
    directory.mkdir()
    return Agent(directory, collector.port, ca_file=ca_file)


def test_an_agent_trusting_the_ca_enrolls_and_reports_over_https(
    tmp_path: Path, pki: ServerTls, https_collector: Collector
) -> None:
    agent = _agent(tmp_path, https_collector, pki.ca_file)

    agent_id = agent.enroll(https_collector)

    def reporting() -> bool:
        text = https_collector.metrics()
        return sample(text, "wardwatch_machine_info", agent_id=agent_id, ward=WARD) == 1

    agent.start()
    try:
        logs = (agent.log, https_collector.log)
        wait_for("the machine in /metrics, read over https", reporting, 20, *logs)
    finally:
        agent.stop()
    assert https_collector.agents()[agent_id]["last_seq"] >= 1
    assert get(https_collector.url + "/metrics")[0] == 0  # not without the CA


def test_an_agent_without_the_ca_refuses_to_enroll_and_says_to_set_ca_file(
    tmp_path: Path, https_collector: Collector
) -> None:
    agent = _agent(tmp_path, https_collector, ca_file=None)

    done = agent.try_enroll(https_collector)

    assert done.returncode != 0, done.stdout
    assert "certificate is not trusted" in done.stderr, done.stderr
    assert "set collector.ca_file" in done.stderr, done.stderr
    assert https_collector.agents() == {}


def test_the_simulated_city_pushes_over_https_trusting_the_ca(
    pki: ServerTls, https_collector: Collector
) -> None:
    run = [
        command("wardwatch-simulate"),
        "--machines",
        "168",
        "--interval",
        "2",
        "--duration",
        "8",
        "--collector",
        https_collector.url,
        "--secret-file",
        str(https_collector.secret_file),
        "--lang",
        "en",
    ]

    trusted = subprocess.run(
        [*run, "--ca-file", str(pki.ca_file)], capture_output=True, text=True, timeout=60
    )
    untrusted = subprocess.run(run, capture_output=True, text=True, timeout=60)

    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    fleet = re.search(r"^wardwatch_fleet_machines (\S+)$", https_collector.metrics(), re.M)
    assert fleet and float(fleet.group(1)) > 100, trusted.stdout
    said = " ".join(untrusted.stderr.split())
    assert untrusted.returncode == 2
    assert "not trusted: give --ca-file" in said
    assert "CERTIFICATE_VERIFY_FAILED" in said
