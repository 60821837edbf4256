"""TLS facts for the http prober: the verifying context and the certificate's expiry.

Imported only by the http prober once it probes an https URL: `ssl` costs memory.
"""

from __future__ import annotations

import functools
import socket
import ssl
import time
from datetime import UTC, datetime

from agent.probes.certificate import days_until, issuer_from_peercert, parse_der
from agent.probes.result import TlsDetail, describe


@functools.lru_cache(maxsize=8)
def verifying_context(ca_file: str | None) -> ssl.SSLContext:
    """Return a context that verifies with `ca_file`, or the system CAs when None.

    Cached: loading the CA store costs tens of milliseconds of CPU, once per process
    rather than once per sample. A changed CA file is read at the next agent start.
    """
    return ssl.create_default_context(cafile=ca_file)


def verified_detail(sock: ssl.SSLSocket, now: datetime) -> TlsDetail:
    """Describe the certificate of a verified connection from `getpeercert()`."""
    cert = sock.getpeercert() or {}
    not_after_text = cert.get("notAfter")
    if not isinstance(not_after_text, str):
        return TlsDetail(verified=True, issuer=issuer_from_peercert(cert))
    not_after = datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after_text), UTC)
    return TlsDetail(
        verified=True,
        not_after=not_after,
        days_to_expiry=days_until(not_after, now),
        issuer=issuer_from_peercert(cert),
    )


def unverified_detail(
    host: str, port: int, deadline: float, error: str, now: datetime
) -> TlsDetail:
    """Fetch the certificate without verifying it and report its expiry beside `error`."""
    try:
        der = fetch_der(host, port, deadline)
        facts = parse_der(der)
    except (OSError, ValueError) as err:
        return TlsDetail(verified=False, error=f"{error} (certificate unread: {describe(err)})")
    return TlsDetail(
        verified=False,
        error=error,
        not_after=facts.not_after,
        days_to_expiry=days_until(facts.not_after, now),
        issuer=facts.issuer,
    )


def fetch_der(host: str, port: int, deadline: float) -> bytes:
    """Handshake without verification and return the server's DER certificate."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("no time left to fetch the certificate")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((host, port), timeout=remaining) as raw,
        context.wrap_socket(raw, server_hostname=host) as sock,
    ):
        der = sock.getpeercert(binary_form=True)
    if not der:
        raise ValueError("the server sent no certificate")
    return der
