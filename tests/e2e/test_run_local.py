"""The main job (`python -m runlocal`, what scripts/run-local runs) with a small city.

It must start the collector, this machine's agent, the simulated city, Prometheus and
Alertmanager; print the summary with the 168 units; have Prometheus scrape the collector;
and on SIGINT stop every part and keep the data in its var directory.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from deployment import free_port, get, tail, wait_for

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def closed(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_the_main_job_starts_summarises_and_stops_keeping_its_data(tmp_path: Path) -> None:
    var, out = tmp_path / "var", tmp_path / "run-local.log"
    ports = {name: free_port() for name in ("COLLECTOR", "PROMETHEUS", "ALERTMANAGER")}
    env = {
        **os.environ,
        "WARDWATCH_PORT": str(ports["COLLECTOR"]),
        "WARDWATCH_PROMETHEUS_PORT": str(ports["PROMETHEUS"]),
        "WARDWATCH_ALERTMANAGER_PORT": str(ports["ALERTMANAGER"]),
    }
    command = [
        sys.executable,
        "-m",
        "runlocal",
        "--var",
        str(var),
        "--machines",
        "336",
        "--interval",
        "2",
        "--summary-seconds",
        "5",
        "--lang",
        "en",
    ]
    with out.open("wb") as log:
        job = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        summary = wait_for(
            "a summary with the 168 units",
            lambda: re.search(r"Units ready: [\d,]+ of 168", out.read_text()),
            90,
            out,
            var / "logs" / "collector.log",
        )
        assert summary
        status, body = get(f"http://127.0.0.1:{ports['PROMETHEUS']}/api/v1/targets")
        targets = json.loads(body)["data"]["activeTargets"]
        assert status == 200
        assert [(t["labels"]["job"], t["health"]) for t in targets] == [("wardwatch", "up")]
        assert "Alerts firing:" in out.read_text()
        assert "Prometheus scraping the collector: up" in out.read_text()
    finally:
        job.send_signal(signal.SIGINT)
        job.wait(90)
    assert job.returncode == 0, tail(out)
    assert all(closed(port) for port in ports.values())
    assert f"Stopped; the data is kept in {var}" in out.read_text()
    assert (var / "collector" / "wardwatch.sqlite").stat().st_size > 0
    assert json.loads((var / "simulator" / "agents.json").read_text())["clean"] is True
    assert (var / "agent" / "token").read_text().strip()
    assert (var / "prometheus" / "wal").is_dir()
    assert running_with(str(var)) == []


def running_with(text: str) -> list[str]:
    """List the command lines of processes still running that mention `text`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            line = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in line and proc.name.isdigit():
            found.append(line)
    return found
