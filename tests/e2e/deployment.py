"""Real processes for end-to-end tests: `wardwatch-collector serve` and `wardwatch-agent`.

Each process writes its output to a log file in the test's directory; a failed wait says
what it waited for and shows the end of those logs.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

WARD = "phuong-tan-dinh"
T = TypeVar("T")


def command(name: str) -> str:
    """Return the path of the installed console script `name` (the venv's bin)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed next to {sys.executable}: pip install -e ."
    return found


def free_port() -> int:
    """Return a loopback port that was free a moment ago (bound to 0, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tail(path: Path, lines: int = 25) -> str:
    """Return the last `lines` lines of a log file, for failure messages."""
    if not path.exists():
        return f"({path.name}: no output)"
    return f"--- {path.name} ---\n" + "\n".join(
        path.read_text(errors="replace").splitlines()[-lines:]
    )


def wait_for(what: str, probe: Callable[[], T | None], timeout_seconds: float, *logs: Path) -> T:
    """Poll `probe` until it returns something other than None or False; fail after the timeout."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        found = probe()
        if found is not None and found is not False:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout_seconds} s waiting for {what}\n"
                + "\n".join(tail(log) for log in logs)
            )
        time.sleep(0.2)


def get(url: str, token: str | None = None, ca_file: Path | None = None) -> tuple[int, bytes]:
    """GET `url` (https: trusting `ca_file`); return status and body, (0, b"") if no answer."""
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    context = ssl.create_default_context(cafile=ca_file) if ca_file else None
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except OSError:
        return 0, b""


def sample(metrics_text: str, name: str, **labels: str) -> float | None:
    """Return the value of the first sample of `name` having `labels`, None if absent."""
    wanted = [f'{key}="{value}"' for key, value in labels.items()]
    for line in metrics_text.splitlines():
        if line.startswith(name + "{") and all(w in line for w in wanted):
            return float(line.rsplit(" ", 1)[1])
    return None


@dataclass(frozen=True)
class ServerTls:
    """A server's certificate and key files, and the CA file that verifies the certificate."""

    cert_file: Path
    key_file: Path
    ca_file: Path


class Collector:
    """`wardwatch-collector serve` on a fixed loopback port and store, stoppable and restartable.

    With `tls` it serves HTTPS, and its own requests (readiness, metrics, admin) trust the CA.
    """

    def __init__(
        self,
        directory: Path,
        store_url: str | None,
        tls: ServerTls | None = None,
        graceful_shutdown_seconds: float = 1,
        extra_config: dict[str, Any] | None = None,
    ) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.ca_file = tls.ca_file if tls else None
        self.secret_file = directory / "enroll.secret"
        self.secret_file.write_text("ward-secret-" + "s" * 20 + "\n")
        self.admin_token = "admin-token-" + "a" * 20
        (directory / "admin.token").write_text(self.admin_token + "\n")
        storage: dict[str, Any] = {"data_directory": str(directory / "data")}
        if store_url:
            storage["url"] = store_url
        listen: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "graceful_shutdown_seconds": graceful_shutdown_seconds,
        }
        if tls:
            listen.update(tls_cert_file=str(tls.cert_file), tls_key_file=str(tls.key_file))
        config = {
            "listen": listen,
            "storage": storage,
            "admin_token_file": str(directory / "admin.token"),
            "enrollment_secret_files": {"*": str(self.secret_file)},
            "log_level": "warning",
            **(extra_config or {}),
        }
        self.config_file = directory / "collector.yml"
        self.config_file.write_text(yaml.safe_dump(config))
        self.log = directory / "collector.log"
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self, **settings: Any) -> None:
        """Set top-level keys of the collector's config (read at the next start)."""
        config = yaml.safe_load(self.config_file.read_text())
        self.config_file.write_text(yaml.safe_dump(config | settings))

    def start(self) -> None:
        """Start serving and wait until /readyz says the store answers."""
        self.process = spawn("wardwatch-collector", "serve", self.config_file, self.log)
        wait_for("the collector's /readyz", self._ready, 20, self.log)

    def _ready(self) -> bool:
        assert self.process is not None and self.process.poll() is None, tail(self.log)
        return get(self.url + "/readyz", ca_file=self.ca_file)[0] == 200

    def stop(self) -> None:
        """SIGTERM the collector and wait for it; kill it if it lingers."""
        stop_process(self.process)
        self.process = None

    def metrics(self) -> str:
        """Return the /metrics text ("" while down)."""
        return get(self.url + "/metrics", ca_file=self.ca_file)[1].decode()

    def agents(self) -> dict[str, dict[str, Any]]:
        """Return the admin API's agents by agent_id."""
        status, body = get(self.url + "/api/v1/admin/agents", self.admin_token, self.ca_file)
        assert status == 200, (status, body)
        return {row["agent_id"]: row for row in json.loads(body)}


class Agent:
    """A wardwatch agent with its own state directory, probing loopback ports (tcp, http).

    `ca_file` becomes its collector.ca_file: the CA it trusts for an https collector.
    """

    def __init__(
        self,
        directory: Path,
        port: int,
        http_port: int | None = None,
        ca_file: Path | None = None,
    ) -> None:
        self.directory = directory
        self.state = directory / "state"
        collector: dict[str, Any] = {"timeout_seconds": 3}
        if ca_file:
            collector["ca_file"] = str(ca_file)
        config = {
            "state_directory": str(self.state),
            "collector": collector,
            "intervals": {"health_seconds": 1, "retry_max_seconds": 1},
            "probes": {
                "samples": 2,
                "sample_interval_seconds": 0.05,
                "deadline_seconds": 5,
                "modules": {
                    "tcp_connect": {"prober": "tcp", "timeout_seconds": 1},
                    "http_2xx": {"prober": "http", "timeout_seconds": 2},
                },
                "targets": [
                    {"name": "datacenter", "module": "tcp_connect", "target": f"127.0.0.1:{port}"},
                    {
                        "name": "records",
                        "module": "http_2xx",
                        "target": f"http://127.0.0.1:{http_port or port}/healthz",
                    },
                ],
            },
        }
        self.config_file = directory / "agent.yml"
        self.config_file.write_text(yaml.safe_dump(config))
        self.log = directory / "agent.log"
        self.process: subprocess.Popen[bytes] | None = None

    def configure_intervals(self, **intervals: float) -> None:
        """Set keys of the agent's `intervals` (read at the next start)."""
        config = yaml.safe_load(self.config_file.read_text())
        config["intervals"] |= intervals
        self.config_file.write_text(yaml.safe_dump(config))

    def cli(self, *args: str, timeout_seconds: float = 20) -> subprocess.CompletedProcess[str]:
        """Run `wardwatch-agent ARGS --config agent.yml` to completion."""
        return subprocess.run(
            [command("wardwatch-agent"), *args, "--config", str(self.config_file)],
            capture_output=True,
            text=True,
            timeout=timeout_seconds,
        )

    def try_enroll(
        self, collector: Collector, ward: str = WARD
    ) -> subprocess.CompletedProcess[str]:
        """Run `wardwatch-agent enroll` with the collector's URL and secret, whatever comes."""
        return self.cli(
            "enroll",
            "--collector",
            collector.url,
            "--ward",
            ward,
            "--secret-file",
            str(collector.secret_file),
        )

    def try_enroll_with(
        self, collector: Collector, secret: str
    ) -> subprocess.CompletedProcess[str]:
        """Run `wardwatch-agent enroll` with `secret` instead of the collector's own."""
        given = self.directory / "given.secret"
        given.write_text(secret + "\n")
        return self.cli(
            "enroll", "--collector", collector.url, "--ward", WARD, "--secret-file", str(given)
        )

    def enroll(self, collector: Collector) -> str:
        """Enroll with the collector's secret; return the agent id it printed."""
        done = self.try_enroll(collector)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("enrolled as "), done.stdout
        return done.stdout.split()[2]

    def start(self) -> None:
        """Start `wardwatch-agent run` in the background."""
        self.process = spawn("wardwatch-agent", "run", self.config_file, self.log)

    def stop(self) -> None:
        """SIGTERM the agent and wait for it."""
        stop_process(self.process)
        self.process = None

    def status(self) -> dict[str, str]:
        """Return `wardwatch-agent status` as {label: value}."""
        done = self.cli("status")
        assert done.returncode == 0, done.stderr
        pairs = (line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
        return {key.strip(): value.strip() for key, value in pairs}


def spawn(program: str, subcommand: str, config: Path, log: Path) -> subprocess.Popen[bytes]:
    """Start `program subcommand --config config` in the background, its output in `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [command(program), subcommand, "--config", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a child: SIGTERM, then SIGKILL after 10 s."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
