"""Real Prometheus and Alertmanager processes on loopback for end-to-end alert tests, the
webhook receiver they deliver to, and the rules in compressed time.

Compressed time divides every `for:` and `keep_firing_for:` of the shipped rules and sets
every group to the test's evaluation interval; the expressions stay exactly as shipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from deployment import free_port, get, stop_process, wait_for

REPO = Path(__file__).resolve().parents[2]
ALERTS = REPO / "dashboards" / "alerts"
ALERTMANAGER_YML = REPO / "dashboards" / "alertmanager.yml"
ALERTMANAGER_TMPL = REPO / "dashboards" / "alertmanager.tmpl"
PROMETHEUS = Path("/usr/bin/prometheus")
ALERTMANAGER = Path("/usr/bin/prometheus-alertmanager")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
GROUP_INTERVAL_SECONDS = 2


def seconds(duration: str) -> float:
    """Return a Prometheus duration such as `15m` or `1h30m` in seconds."""
    parts = re.findall(r"(\d+)([smhd])", duration)
    assert parts and "".join(n + u for n, u in parts) == duration, duration
    return float(sum(int(n) * UNITS[u] for n, u in parts))


def compressed_rules(target: Path, factor: float, interval: str) -> list[Path]:
    """Write the shipped rule files to `target` with every `for:` and `keep_firing_for:`
    divided by `factor` (at least 1 s) and every group evaluated each `interval`; return the
    written files."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(ALERTS.glob("*.rules.yml")):
        rules = yaml.safe_load(source.read_text(encoding="utf-8"))
        for group in rules["groups"]:
            group["interval"] = interval
            for rule in group["rules"]:
                for key in ("for", "keep_firing_for"):
                    if key in rule:
                        rule[key] = f"{max(1, round(seconds(rule[key]) / factor))}s"
        path = target / source.name
        path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), "utf-8")
        written.append(path)
    return written


class Webhook:
    """An HTTP server on loopback keeping every notification Alertmanager posts to it."""

    def __init__(self) -> None:
        self.notifications: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        kept = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                length = int(self.headers.get("Content-Length", "0"))
                with kept._lock:
                    kept.notifications.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                """Keep the test's output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/wardwatch/alerts"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def alerts(self) -> list[dict[str, Any]]:
        """Return every alert of every notification received so far, in order."""
        with self._lock:
            return [alert for n in self.notifications for alert in n["alerts"]]

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()


class Alertmanager:
    """`prometheus-alertmanager` with the shipped config, its webhook pointed at `webhook_url`
    and notifications grouped within a second; no cluster port (loopback only)."""

    def __init__(self, directory: Path, webhook_url: str, smtp_port: int) -> None:
        assert ALERTMANAGER.exists(), "apt-get install prometheus-alertmanager (CI installs it)"
        config = yaml.safe_load(ALERTMANAGER_YML.read_text(encoding="utf-8"))
        config["global"]["smtp_smarthost"] = f"127.0.0.1:{smtp_port}"
        config["route"].update(group_wait="1s", group_interval=f"{GROUP_INTERVAL_SECONDS}s")
        for receiver in config["receivers"]:
            for hook in receiver.get("webhook_configs", ()):
                hook["url"] = webhook_url
        self.directory = directory
        self.config_file = directory / "alertmanager.yml"
        self.config_file.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
        shutil.copy(ALERTMANAGER_TMPL, directory / ALERTMANAGER_TMPL.name)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / "alertmanager.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start and wait until it answers ready."""
        self.process = _spawn(
            [
                str(ALERTMANAGER),
                f"--config.file={self.config_file}",
                f"--storage.path={self.directory / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--cluster.listen-address=",
            ],
            self.log,
        )
        wait_for("Alertmanager ready", lambda: get(self.url + "/-/ready")[0] == 200, 30, self.log)

    def alerts(self) -> list[dict[str, Any]]:
        """Return the alerts it holds, inhibited ones included, with their status."""
        query = "active=true&inhibited=true&silenced=true&unprocessed=true"
        status, body = get(f"{self.url}/api/v2/alerts?{query}")
        assert status == 200, body
        return list(json.loads(body))

    def stop(self) -> None:
        """Stop it."""
        stop_process(self.process)
        self.process = None


class Prometheus:
    """`/usr/bin/prometheus` scraping the collector every second as job `wardwatch`,
    evaluating `rule_files` every second and sending alerts to `alertmanager_url`."""

    def __init__(
        self,
        directory: Path,
        rule_files: list[Path],
        collector_port: int,
        alertmanager_port: int,
    ) -> None:
        assert PROMETHEUS.exists(), "apt-get install prometheus (CI installs it)"
        config = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(p) for p in rule_files],
            "alerting": {
                "alertmanagers": [
                    {"static_configs": [{"targets": [f"127.0.0.1:{alertmanager_port}"]}]}
                ]
            },
            "scrape_configs": [
                {
                    "job_name": "wardwatch",
                    "static_configs": [{"targets": [f"127.0.0.1:{collector_port}"]}],
                }
            ],
        }
        self.directory = directory
        self.config_file = directory / "prometheus.yml"
        self.config_file.write_text(yaml.safe_dump(config), "utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / "prometheus.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start and wait until it answers ready."""
        self.process = _spawn(
            [
                str(PROMETHEUS),
                f"--config.file={self.config_file}",
                f"--storage.tsdb.path={self.directory / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--rules.alert.resend-delay=1s",
            ],
            self.log,
        )
        wait_for("Prometheus ready", lambda: get(self.url + "/-/ready")[0] == 200, 30, self.log)

    def query(self, promql: str) -> list[dict[str, Any]]:
        """Return the result vector of an instant query."""
        status, body = get(f"{self.url}/api/v1/query?query={urllib.parse.quote(promql)}")
        assert status == 200, body
        return list(json.loads(body)["data"]["result"])

    def alerts(self) -> list[dict[str, Any]]:
        """Return its pending and firing alerts."""
        status, body = get(self.url + "/api/v1/alerts")
        assert status == 200, body
        return list(json.loads(body)["data"]["alerts"])

    def stop(self) -> None:
        """Stop it."""
        stop_process(self.process)
        self.process = None


def _spawn(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)


def labelled(alerts: list[dict[str, Any]], **labels: str) -> Iterator[dict[str, Any]]:
    """Yield the alerts (Prometheus, Alertmanager or webhook form) having `labels`."""
    for alert in alerts:
        if all(alert["labels"].get(k) == v for k, v in labels.items()):
            yield alert
