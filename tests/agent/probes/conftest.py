"""Real loopback servers for the probe tests: TCP, HTTP(S), DNS, and a test PKI."""

from __future__ import annotations

import http.server
import socket
import ssl
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from jsonschema import Draft202012Validator

from contract.report import schema

LOOPBACK = "127.0.0.1"


@pytest.fixture
def closed_port() -> int:
    """Return a loopback TCP port nobody listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """Listen on a loopback port and never accept: connects succeed, nothing answers."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        sock.listen(16)
        yield int(sock.getsockname()[1])


@pytest.fixture
def tcp_answering() -> Iterator[Callable[..., int]]:
    """Start servers that answer every connection with fixed bytes, then close it.

    `hold_seconds` keeps the connection open that long after the reply, as a keep-alive
    server does (or one that stalls in the middle of a body).
    """
    running: list[tuple[threading.Event, socket.socket]] = []

    def start(reply: bytes, hold_seconds: float = 0.0) -> int:
        sock = socket.create_server((LOOPBACK, 0))
        sock.settimeout(0.05)
        done = threading.Event()

        def serve() -> None:
            while not done.is_set():
                try:
                    conn, _ = sock.accept()
                except TimeoutError:
                    continue
                except OSError:  # the fixture closed the socket: the test is over
                    return
                with conn:
                    conn.settimeout(1)
                    conn.recv(65536)
                    conn.sendall(reply)
                    done.wait(hold_seconds)

        threading.Thread(target=serve, daemon=True).start()
        running.append((done, sock))
        return int(sock.getsockname()[1])

    yield start
    _stop(running)


@pytest.fixture
def http_server() -> Iterator[Callable[..., str]]:
    """Start HTTP(S) servers answering `status` with `body`; return their base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(status: int = 200, body: bytes = b"ok\n", context: ssl.SSLContext | None = None):
        handler = _handler(status, body)
        server = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
        server.daemon_threads = True
        if context is not None:
            server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        scheme = "https" if context is not None else "http"
        return f"{scheme}://{LOOPBACK}:{server.server_address[1]}/health"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _handler(status: int, body: bytes) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._head()
            self.wfile.write(body)

        def do_HEAD(self) -> None:
            self._head()

        def _head(self) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@dataclass(frozen=True)
class Pki:
    """A test CA and the server contexts built from it, with their files."""

    ca_file: str
    fresh: ssl.SSLContext  # signed by the CA, expires in 3 days
    expired: ssl.SSLContext  # self-signed, expired yesterday


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """Make a CA, a 3-day server certificate it signs and an expired self-signed one."""
    folder = tmp_path_factory.mktemp("pki")
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("Wardwatch Test CA", "Wardwatch")
    ca = certificate(
        ca_name, ca_name, ca_key, ca_key, now - timedelta(days=1), now + timedelta(days=30), ca=True
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = certificate(
        name("localhost"),
        ca_name,
        leaf_key,
        ca_key,
        now - timedelta(hours=1),
        now + timedelta(days=3),
    )
    old_key = ec.generate_private_key(ec.SECP256R1())
    old_name = name("expired.test", "Expired Org")
    old = certificate(
        old_name, old_name, old_key, old_key, now - timedelta(days=30), now - timedelta(days=1)
    )
    ca_file = _write(folder / "ca.pem", ca)
    return Pki(
        ca_file=str(ca_file),
        fresh=_server_context(folder, "fresh", leaf, leaf_key),
        expired=_server_context(folder, "expired", old, old_key),
    )


@pytest.fixture(scope="session")
def make_der() -> Callable[[str | None, str | None, datetime], bytes]:
    """Return a maker of DER certificates with a given issuer CN/O and notAfter."""
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime(2024, 1, 1, tzinfo=UTC)

    def make(issuer_cn: str | None, issuer_o: str | None, not_after: datetime) -> bytes:
        cert = certificate(name("leaf"), name(issuer_cn, issuer_o), key, key, start, not_after)
        return cert.public_bytes(serialization.Encoding.DER)

    return make


def name(common_name: str | None, organization: str | None = None) -> x509.Name:
    """Build an X.509 name from a CN and an O, either optional."""
    parts = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)] if organization else []
    if common_name:
        parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def certificate(
    subject: x509.Name,
    issuer: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    signer: ec.EllipticCurvePrivateKey,
    not_before: datetime,
    not_after: datetime,
    *,
    ca: bool = False,
) -> x509.Certificate:
    """Issue a certificate for 127.0.0.1 and localhost (or a CA when `ca`)."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        # What Python 3.13's strict verification asks of every certificate, as real CAs issue
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), False
        )
    )
    if ca:
        usage = dict.fromkeys(
            ("content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "encipher_only", "decipher_only", "digital_signature"), False)  # fmt: skip
        builder = builder.add_extension(
            x509.KeyUsage(key_cert_sign=True, crl_sign=True, **usage), critical=True
        )
    else:
        names = [x509.DNSName("localhost"), x509.IPAddress(IPv4Address(LOOPBACK))]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(signer, hashes.SHA256())


def _server_context(
    folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> ssl.SSLContext:
    cert_file = _write(folder / f"{stem}.pem", cert)
    key_file = folder / f"{stem}.key"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def _write(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def dns_server() -> Iterator[Callable[..., str]]:
    """Start UDP DNS servers on loopback; `behaviour` is answer, silent, garbled or truncated."""
    running: list[tuple[threading.Event, socket.socket]] = []

    def start(zone: dict[str, list[str]] | None = None, behaviour: str = "answer") -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((LOOPBACK, 0))
        sock.settimeout(0.05)
        done = threading.Event()
        if behaviour != "silent":
            args = (sock, zone or {}, behaviour, done)
            threading.Thread(target=_serve_dns, args=args, daemon=True).start()
        running.append((done, sock))
        return f"{LOOPBACK}:{sock.getsockname()[1]}"

    yield start
    _stop(running)


def _stop(running: list[tuple[threading.Event, socket.socket]]) -> None:
    for done, sock in running:
        done.set()
        sock.close()


def _serve_dns(
    sock: socket.socket, zone: dict[str, list[str]], behaviour: str, done: threading.Event
) -> None:
    while not done.is_set():
        try:
            query, peer = sock.recvfrom(512)
        except (TimeoutError, OSError):
            continue
        decoy = bytes([query[0] ^ 0xFF, query[1]]) + dns_reply(query, zone)[2:]
        sock.sendto(decoy, peer)  # another id first: the prober must ignore it
        sock.sendto(_shaped(dns_reply(query, zone), behaviour), peer)


def _shaped(reply: bytes, behaviour: str) -> bytes:
    if behaviour == "garbled":
        return reply[:12] + b"\x3f"
    if behaviour == "truncated":
        flags = struct.unpack_from("!H", reply, 2)[0] | 0x0200
        return reply[:2] + struct.pack("!H", flags) + reply[4:]
    return reply


def dns_reply(query: bytes, zone: dict[str, list[str]]) -> bytes:
    """Answer `query` from `zone`: CNAME "alias.*" to "target.*" then A records; else NXDOMAIN."""
    end = query.index(b"\0", 12) + 5
    question = query[12:end]
    labels = _labels(question)
    qtype = struct.unpack_from("!H", question, len(question) - 4)[0]
    answers: list[bytes] = []
    owner = b"\xc0\x0c"
    if labels[0] == "alias":
        # target.<rest of the question name>, compressed against the question
        answers.append(
            owner
            + struct.pack("!HHIH", 5, 1, 60, 9)
            + b"\x06target"
            + struct.pack("!H", 0xC000 | (12 + 1 + len("alias")))
        )
        owner = struct.pack("!H", 0xC000 | (12 + len(question) + 12))
    key = ".".join(["target", *labels[1:]] if labels[0] == "alias" else labels)
    if qtype == 1:
        for address in zone.get(key, []):
            answers.append(owner + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(address))
    rcode = 0 if key in zone else 3
    header = query[:2] + struct.pack("!HHHHH", 0x8180 | rcode, 1, len(answers), 0, 0)
    return header + question + b"".join(answers)


def _labels(question: bytes) -> list[str]:
    labels, offset = [], 0
    while question[offset]:
        length = question[offset]
        labels.append(question[offset + 1 : offset + 1 + length].decode())
        offset += 1 + length
    return labels


@pytest.fixture(scope="session")
def probe_item_validator() -> Draft202012Validator:
    """Validate one report `probes` item against the shipped schema."""
    root = schema()
    item = dict(root["properties"]["probes"]["items"])
    item["$defs"] = root["$defs"]
    return Draft202012Validator(item)
