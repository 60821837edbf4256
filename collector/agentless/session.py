"""One SSH connection to an agentless machine: connect, check its host key, log in, and run
commands, every step bounded in time."""

from __future__ import annotations

import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

import paramiko

from collector.agentless.host_keys import KnownHosts, fingerprint
from collector.agentless.hosts import Host

MAX_OUTPUT_BYTES = 4 * 1024 * 1024  # the largest file a reader needs is /proc/cpuinfo


class SshFailure(Exception):
    """Reading a machine over SSH failed; `result` is the word for it in metrics and findings."""

    def __init__(self, result: str, detail: str) -> None:
        super().__init__(detail)
        self.result = result
        self.detail = detail


@dataclass(frozen=True)
class Timeouts:
    """How long each step may take, in seconds; `deadline` is time.monotonic() for all."""

    connect_seconds: float
    command_seconds: float
    deadline: float

    def left(self, step_seconds: float) -> float:
        """Return the time this step may take: its own limit, cut by the deadline."""
        left = min(step_seconds, self.deadline - time.monotonic())
        if left <= 0:
            raise SshFailure("timeout", "took longer than agentless.host_timeout_seconds")
        return left


OnTrusted = Callable[[Host, paramiko.PKey], None]


class Session:
    """A logged-in SSH transport to one host and one `sh -s` on it that runs the commands
    written to it one at a time: a round trip per command, not a process tree per command."""

    def __init__(self, transport: paramiko.Transport, timeouts: Timeouts) -> None:
        self._transport = transport
        self._timeouts = timeouts
        self._boundary = secrets.token_hex(16).encode()
        self._shell: paramiko.Channel | None = None
        self._pending = bytearray()

    @classmethod
    def open(
        cls, host: Host, known: KnownHosts, timeouts: Timeouts, on_trusted: OnTrusted
    ) -> Session:
        """Connect to `host`, verify its key, log in; raise SshFailure on any failure."""
        transport = _handshake(host, timeouts)
        try:
            _verify(host, transport.get_remote_server_key(), known, on_trusted)
            _log_in(host, transport, timeouts)
        except BaseException:
            transport.close()
            raise
        return cls(transport, timeouts)

    def run(self, command: str) -> tuple[int, bytes]:
        """Run `command` in the session's shell; return its exit status and standard output
        (its standard error is discarded)."""
        limit = self._timeouts.left(self._timeouts.command_seconds)
        end = time.monotonic() + limit
        line = (
            f"{command} </dev/null 2>/dev/null; printf '\\n%s %d\\n' {self._boundary.decode()} $?\n"
        )
        try:
            shell = self._shell or self._start(limit)
            shell.settimeout(limit)
            shell.sendall(line.encode())
            return self._answer(shell, end, command)
        except (paramiko.SSHException, EOFError, OSError) as err:
            raise SshFailure("ssh_error", f"{command!r}: {err}") from err

    def _start(self, limit: float) -> paramiko.Channel:
        shell = self._transport.open_session(timeout=limit)
        shell.exec_command("/bin/sh -s")
        self._shell = shell
        return shell

    def _answer(self, shell: paramiko.Channel, end: float, command: str) -> tuple[int, bytes]:
        """Read up to this command's boundary line: "\\n<boundary> <status>\\n"."""
        marker = b"\n" + self._boundary + b" "
        while True:
            found = self._pending.find(marker)
            close = self._pending.find(b"\n", found + len(marker)) if found >= 0 else -1
            if close >= 0:
                output = bytes(self._pending[:found])
                status = int(self._pending[found + len(marker) : close] or b"255")
                del self._pending[: close + 1]
                return status, output
            if len(self._pending) > MAX_OUTPUT_BYTES:
                raise SshFailure("ssh_error", f"{command!r} wrote more than {MAX_OUTPUT_BYTES} B")
            self._pending += _receive(shell, end, command)

    def close(self) -> None:
        """End the shell and close the connection."""
        self._transport.close()


def _receive(shell: paramiko.Channel, end: float, command: str) -> bytes:
    left = end - time.monotonic()
    if left <= 0:
        raise SshFailure("command_timeout", f"{command!r} did not end in time")
    shell.settimeout(left)
    try:
        data = shell.recv(65536)
    except TimeoutError:
        raise SshFailure("command_timeout", f"{command!r} did not end in time") from None
    if not data:
        raise SshFailure("ssh_error", f"the shell ended during {command!r}")
    return bytes(data)


def _handshake(host: Host, timeouts: Timeouts) -> paramiko.Transport:
    limit = timeouts.left(timeouts.connect_seconds)
    try:
        sock = socket.create_connection((host.address, host.port), timeout=limit)
    except TimeoutError:
        raise SshFailure("timeout", f"no TCP answer from {host.key_name} in {limit:g} s") from None
    except OSError as err:
        raise SshFailure("connect_failed", f"cannot connect to {host.key_name}: {err}") from err
    transport = paramiko.Transport(sock)
    transport.banner_timeout = transport.handshake_timeout = limit
    transport.auth_timeout = limit
    try:
        transport.start_client(timeout=timeouts.left(timeouts.connect_seconds))
    except (paramiko.SSHException, EOFError, OSError) as err:
        transport.close()
        result = (
            "timeout"
            if "banner" in str(err).lower() or isinstance(err, TimeoutError)
            else "ssh_error"
        )
        raise SshFailure(result, f"SSH handshake with {host.key_name} failed: {err}") from err
    return transport


def _verify(host: Host, key: paramiko.PKey, known: KnownHosts, on_trusted: OnTrusted) -> None:
    verdict = known.check(host, key)
    shown = f"{key.get_name()} {fingerprint(key)}"
    if verdict == "changed":
        raise SshFailure(
            "host_key_changed",
            f"{host.key_name} presented host key {shown}, not the one known for it: refused. "
            f"If the machine was reinstalled, remove its old line from {known.path}",
        )
    if verdict == "unknown":
        raise SshFailure(
            "host_key_unknown",
            f"{host.key_name} presented unknown host key {shown}: refused. Add it to "
            f"{known.path} (or ssh.known_host in the inventory), or set ssh.trust_on_first_use",
        )
    if verdict == "trusted":
        on_trusted(host, key)


def _log_in(host: Host, transport: paramiko.Transport, timeouts: Timeouts) -> None:
    if not host.key_file:
        raise SshFailure("key_unreadable", "no key file: set ssh.key_file or agentless.key_file")
    try:
        key = paramiko.PKey.from_path(host.key_file)
    except (OSError, paramiko.SSHException, ValueError) as err:
        raise SshFailure("key_unreadable", f"cannot load {host.key_file}: {err}") from err
    try:
        transport.auth_publickey(host.user, key)
    except paramiko.AuthenticationException as err:
        raise SshFailure(
            "auth_failed",
            f"{host.user}@{host.key_name} refused key {host.key_file}: add its public key to "
            "that account's authorized_keys",
        ) from err
    except (paramiko.SSHException, EOFError, OSError) as err:
        raise SshFailure("ssh_error", f"logging in to {host.key_name}: {err}") from err
