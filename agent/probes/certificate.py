"""Read notAfter and the issuer from an X.509 certificate: a minimal DER walk, stdlib only.

Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
                              validity SEQUENCE { notBefore Time, notAfter Time }, ... }
Time is UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), RFC 5280 4.1.2.5.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

_SEQUENCE, _SET, _OID, _VERSION = 0x30, 0x31, 0x06, 0xA0
_UTC_TIME, _GENERALIZED_TIME = 0x17, 0x18
_COMMON_NAME, _ORGANIZATION = b"\x55\x04\x03", b"\x55\x04\x0a"
_STRING_CODECS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1"}
_STRING_CODECS |= {0x1E: "utf-16-be", 0x1C: "utf-32-be"}


@dataclass(frozen=True)
class CertificateFacts:
    """What the probe reports of a certificate: its expiry (UTC) and issuer name."""

    not_after: datetime
    issuer: str | None


class _Tlv(NamedTuple):
    tag: int
    start: int
    end: int


def parse_der(der: bytes) -> CertificateFacts:
    """Return notAfter and the issuer CN (else O) of a DER certificate; ValueError if garbled."""
    try:
        certificate = _expect(der, 0, _SEQUENCE)
        tbs = _expect(der, certificate.start, _SEQUENCE)
        fields = [f for f in _children(der, tbs) if f.tag != _VERSION]
        issuer, validity = fields[2], fields[3]
        times = list(_children(der, validity))
        return CertificateFacts(_time(der, times[1]), _issuer(der, issuer))
    except (IndexError, UnicodeDecodeError) as err:
        raise ValueError(f"not a DER certificate: {err}") from err


def days_until(moment: datetime, now: datetime) -> float:
    """Return the days from `now` to `moment`, negative once it has passed."""
    return (moment - now).total_seconds() / 86400.0


def issuer_from_peercert(cert: Mapping[str, Any]) -> str | None:
    """Return the issuer CN (else O) of an `ssl.SSLSocket.getpeercert()` dict."""
    names = {key: value for rdn in cert.get("issuer", ()) for key, value in rdn}
    return names.get("commonName") or names.get("organizationName")


def _read(der: bytes, offset: int) -> _Tlv:
    tag, first = der[offset], der[offset + 1]
    start = offset + 2
    if first < 0x80:
        length = first
    elif first == 0x80 or first > 0x84:
        raise ValueError(f"unsupported DER length byte {first:#x} at {offset}")
    else:
        count = first & 0x7F
        length = int.from_bytes(der[start : start + count], "big")
        start += count
    if start + length > len(der):
        raise ValueError(f"DER element at {offset} runs past the end")
    return _Tlv(tag, start, start + length)


def _expect(der: bytes, offset: int, tag: int) -> _Tlv:
    element = _read(der, offset)
    if element.tag != tag:
        raise ValueError(f"expected DER tag {tag:#x} at {offset}, got {element.tag:#x}")
    return element


def _children(der: bytes, parent: _Tlv) -> Iterator[_Tlv]:
    offset = parent.start
    while offset < parent.end:
        child = _read(der, offset)
        yield child
        offset = child.end


def _time(der: bytes, element: _Tlv) -> datetime:
    text = der[element.start : element.end].decode("ascii")
    if element.tag == _UTC_TIME and len(text) == 13 and text.endswith("Z"):
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    elif not (element.tag == _GENERALIZED_TIME and len(text) == 15 and text.endswith("Z")):
        raise ValueError(f"unsupported certificate time {text!r}")
    return datetime.strptime(text, "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)


def _issuer(der: bytes, name: _Tlv) -> str | None:
    found: dict[bytes, str] = {}
    for rdn in _children(der, name):
        for attribute in _children(der, rdn):
            oid, value = list(_children(der, attribute))[:2]
            codec = _STRING_CODECS.get(value.tag)
            if codec and rdn.tag == _SET and oid.tag == _OID:
                key = der[oid.start : oid.end]
                found.setdefault(key, der[value.start : value.end].decode(codec))
    return found.get(_COMMON_NAME) or found.get(_ORGANIZATION)
