"""A real OpenSSH sshd on loopback ports, with keys the test makes, for agentless tests.

One sshd listens on several 127.0.0.1 ports; a port can run a forced command instead of
what the client asked (`Match LocalPort`), which is how a test makes a machine whose reads
hang. Its host key, authorized_keys and pid file live in the test's directory.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from deployment import free_port, stop_process, tail

SSHD = Path("/usr/sbin/sshd")


@dataclass(frozen=True)
class KeyPair:
    """An ed25519 key made by ssh-keygen: the private key file and the public line."""

    private: Path
    public: str  # "ssh-ed25519 AAAA... comment"

    @property
    def known_host(self) -> str:
        """Return the public key as the inventory's ssh.known_host takes it."""
        return " ".join(self.public.split()[:2])


def make_key(path: Path) -> KeyPair:
    """Make an ed25519 key pair at `path` (and `path`.pub)."""
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f", str(path)],
        check=True,
    )
    return KeyPair(path, path.with_name(path.name + ".pub").read_text().strip())


class Sshd:
    """`sshd -D -e -f CONFIG` on loopback ports; on `hanging` ports the shell blocks reading
    /proc/meminfo on a FIFO nobody writes to, as a machine with a hung filesystem would."""

    def __init__(self, directory: Path, client: KeyPair, ports: int = 1, hanging: int = 0):
        self.directory = directory
        self.client = client
        directory.mkdir(parents=True, exist_ok=True)
        self.host_key = make_key(directory / "ssh_host_ed25519_key")
        (directory / "authorized_keys").write_text(client.public + "\n")
        self.user = getpass.getuser()
        self.ports = [free_port() for _ in range(ports)]
        self.hanging_ports = [free_port() for _ in range(hanging)]
        self.fifo = directory / "never-written"
        os.mkfifo(self.fifo)
        self.config = directory / "sshd_config"
        self.config.write_text(self._config())
        self.log = directory / "sshd.log"
        self.process: subprocess.Popen[bytes] | None = None

    def _config(self) -> str:
        hang = self.directory / "hang.sh"
        # The collector's `sh -s`, except that the line reading /proc/meminfo blocks on the FIFO.
        hang.write_text(
            "#!/bin/sh\n"
            "while IFS= read -r line; do\n"
            '  case "$line" in\n'
            f"    'cat -- /proc/meminfo '*) cat {self.fifo} ;;\n"
            '    *) eval "$line" ;;\n'
            "  esac\n"
            "done\n"
        )
        hang.chmod(0o755)
        lines = [f"ListenAddress 127.0.0.1:{port}" for port in self.ports + self.hanging_ports]
        lines += [
            f"HostKey {self.host_key.private}",
            f"AuthorizedKeysFile {self.directory / 'authorized_keys'}",
            f"PidFile {self.directory / 'sshd.pid'}",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "LogLevel VERBOSE",
        ]
        lines += [f"Match LocalPort {port}\n  ForceCommand {hang}" for port in self.hanging_ports]
        return "\n".join(lines) + "\n"

    def start(self) -> None:
        """Start sshd and wait until it accepts connections on its ports."""
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # its privilege separation
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(self.config)], stdout=log, stderr=log
            )
        deadline = time.monotonic() + 10
        while not self._listening():
            assert self.process.poll() is None, tail(self.log)
            assert time.monotonic() < deadline, "sshd did not listen\n" + tail(self.log)
            time.sleep(0.05)

    def _listening(self) -> bool:
        import socket

        for port in self.ports + self.hanging_ports:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) != 0:
                    return False
        return True

    def stop(self) -> None:
        """Let every blocked read end (write end of the FIFO opened once), then stop sshd."""
        with contextlib.suppress(OSError):
            fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        stop_process(self.process)
        self.process = None
