"""A real collector fed by the simulated city, and a real Prometheus scraping it.

Prometheus loads the dashboards' recording rules (`dashboards/rules/`), so the recorded
series the panels read exist. `Prometheus.query()` and `query_range()` use its HTTP API.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from deployment import Collector, free_port, get, stop_process, tail, wait_for
from dropping_agent import DroppingAgent
from simulated_city import SimulatedCity

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "dashboards" / "rules" / "wardwatch.yml"
STANDARD = REPO / "standard" / "default.yml"


class PrometheusError(AssertionError):
    """Prometheus refused a query: its error type and message."""


class Prometheus:
    """`prometheus` scraping one collector every `interval_seconds`, evaluating the rules
    every `evaluation_seconds` (by default as often)."""

    def __init__(
        self,
        directory: Path,
        target: str,
        interval_seconds: float,
        evaluation_seconds: float | None = None,
        timeout_seconds: float = 60.0,
    ) -> None:
        self.port = free_port()
        self.timeout_seconds = timeout_seconds  # of one API request
        self.url = f"http://127.0.0.1:{self.port}"
        self.directory = directory
        config = {
            "global": {"scrape_interval": f"{interval_seconds:g}s",
                       "evaluation_interval": f"{evaluation_seconds or interval_seconds:g}s",
                       "scrape_timeout": f"{interval_seconds:g}s"},
            "rule_files": [str(RULES)],
            "scrape_configs": [{"job_name": "wardwatch",
                                "static_configs": [{"targets": [target]}]}],
        }  # fmt: skip
        self.config_file = directory / "prometheus.yml"
        self.config_file.write_text(yaml.safe_dump(config))
        self.log = directory / "prometheus.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start Prometheus and wait until it is ready."""
        binary = shutil.which("prometheus")
        assert binary, "prometheus is not installed: scripts/setup --dev"
        argv = [binary, f"--config.file={self.config_file}",
                f"--storage.tsdb.path={self.directory / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        wait_for("Prometheus' /-/ready", lambda: get(self.url + "/-/ready")[0] == 200, 30,
                 self.log)  # fmt: skip

    def stop(self) -> None:
        """Stop Prometheus."""
        stop_process(self.process)
        self.process = None

    def api(self, path: str, **params: str) -> Any:
        """GET /api/v1/`path` with `params`; return `data`, or raise PrometheusError."""
        url = f"{self.url}/api/v1/{path}?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout_seconds) as answer:
                body = json.load(answer)
        except urllib.error.HTTPError as err:
            body = json.load(err)
        if body.get("status") != "success":
            raise PrometheusError(f"{body.get('errorType')}: {body.get('error')}")
        return body["data"]

    def query(self, expr: str, at: float) -> list[dict[str, Any]]:
        """Evaluate `expr` at unix time `at`; return its series (a scalar as one series)."""
        data = self.api("query", query=expr, time=f"{at:.3f}")
        result = data["result"]
        return [{"metric": {}, "value": result}] if data["resultType"] == "scalar" else result

    def query_range(self, expr: str, start: float, end: float, step: float) -> list[dict[str, Any]]:
        """Evaluate `expr` from `start` to `end` every `step` seconds; return its series."""
        data = self.api("query_range", query=expr, start=f"{start:.3f}", end=f"{end:.3f}",
                        step=f"{step:g}")  # fmt: skip
        return list(data["result"])

    def series(self, match: str, start: float, end: float) -> list[dict[str, str]]:
        """Return the label sets of the series matching `match` between `start` and `end`."""
        return list(self.api("series", **{"match[]": match, "start": f"{start}", "end": f"{end}"}))


@dataclass
class LiveCity:
    """The running parts: collector, simulated city (and the one agent that drops reports)
    and Prometheus, since `started` (unix seconds)."""

    collector: Collector
    city: SimulatedCity
    dropping: DroppingAgent
    prometheus: Prometheus
    started: float
    interval_seconds: float

    def age(self) -> float:
        """Return how long Prometheus has been scraping, in seconds."""
        return time.time() - self.started


def collector_for(
    directory: Path,
    inventory: str,
    stale_after_seconds: float | None,
    availability_window_seconds: int = 20,
) -> Collector:
    """Return a collector (not started) with `inventory` and the staleness window given (None:
    the standard's). Its standard judges availability over `availability_window_seconds`: by
    default 20 s, so that the availability series appear quickly."""
    collector = Collector(directory, None)
    (directory / "inventory.yml").write_text(inventory, encoding="utf-8")
    standard = STANDARD.read_text(encoding="utf-8")
    window = f"availability_window_seconds: {availability_window_seconds}"
    standard = standard.replace("availability_window_seconds: 86400", window)
    (directory / "standard.yml").write_text(standard, encoding="utf-8")
    config = yaml.safe_load(collector.config_file.read_text())
    config.update(inventory_file=str(directory / "inventory.yml"),
                  standard_file=str(directory / "standard.yml"),
                  stale_after_seconds=stale_after_seconds)  # fmt: skip
    config["limits"] = {"agent_reports_per_second": 100.0}
    collector.config_file.write_text(yaml.safe_dump(config, allow_unicode=True))
    return collector


def describe(collector: Collector, prometheus: Prometheus) -> str:
    """Return the ends of both servers' logs, for a failed wait."""
    return tail(collector.log) + "\n" + tail(prometheus.log)
