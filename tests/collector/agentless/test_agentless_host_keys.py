"""Host keys of agentless machines: known, unknown, trusted on first use, changed."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import paramiko
import pytest

from collector.agentless.host_keys import KnownHosts, fingerprint
from collector.agentless.hosts import Host


def host(port: int = 2222, known_host: str | None = None, tofu: bool = False) -> Host:
    return Host("phuong-tan-dinh", "TD-SRV01", "server", None, "127.0.0.1", port, "wardwatch",
                None, known_host, tofu)  # fmt: skip


def host_key(path: Path) -> paramiko.PKey:
    """Make an ed25519 host key with ssh-keygen; return its public half as paramiko reads it."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    kind, blob = path.with_suffix(".pub").read_text().split()[:2]
    return paramiko.PKey.from_type_string(kind, base64.b64decode(blob))


@pytest.fixture
def keys(tmp_path: Path) -> tuple[paramiko.PKey, paramiko.PKey]:
    return host_key(tmp_path / "one"), host_key(tmp_path / "two")


def entry(key: paramiko.PKey) -> str:
    return f"{key.get_name()} {key.get_base64()}"


def test_a_key_the_inventory_names_is_known(tmp_path: Path, keys) -> None:
    known = KnownHosts(tmp_path / "known_hosts")
    known.reload()

    assert known.check(host(known_host=entry(keys[0])), keys[0]) == "known"
    assert known.check(host(known_host=entry(keys[0])), keys[1]) == "changed"


def test_a_key_the_file_names_for_the_port_is_known(tmp_path: Path, keys) -> None:
    (tmp_path / "known_hosts").write_text(f"[127.0.0.1]:2222 {entry(keys[0])}\n")
    known = KnownHosts(tmp_path / "known_hosts")
    known.reload()

    assert known.check(host(), keys[0]) == "known"
    assert known.check(host(), keys[1]) == "changed"
    assert known.check(host(port=2200), keys[1]) == "unknown"  # another port: another host


def test_an_unknown_key_is_refused_unless_trusted_on_first_use(tmp_path: Path, keys) -> None:
    path = tmp_path / "known_hosts"
    known = KnownHosts(path)
    known.reload()

    assert known.check(host(), keys[0]) == "unknown"
    assert not path.exists()
    assert known.check(host(tofu=True), keys[0]) == "trusted"
    assert known.check(host(tofu=True), keys[0]) == "known"
    assert known.check(host(tofu=True), keys[1]) == "changed"  # trusted once, held to it
    assert path.read_text() == f"[127.0.0.1]:2222 {entry(keys[0])}\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_trusted_key_survives_a_reload(tmp_path: Path, keys) -> None:
    known = KnownHosts(tmp_path / "known_hosts")
    known.reload()
    known.check(host(tofu=True), keys[0])
    again = KnownHosts(tmp_path / "known_hosts")
    again.reload()

    assert again.check(host(), keys[1]) == "changed"


def test_the_fingerprint_is_the_one_ssh_keygen_prints(tmp_path: Path) -> None:
    key = host_key(tmp_path / "key")
    printed = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(tmp_path / "key.pub")], capture_output=True, text=True
    ).stdout.split()[1]

    assert fingerprint(key) == printed
