"""The peer for /metrics: Pushgateway holding one group per machine, GET /metrics timed."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BINARY = "prometheus-pushgateway"
FLAGS = ("--persistence.file=", "--push.disable-consistency-check")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(port: int, deadline_seconds: float = 10.0) -> None:
    end = time.monotonic() + deadline_seconds
    while time.monotonic() < end:
        try:
            _get(port, "/-/ready")
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("pushgateway did not become ready")


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def _push_range(port: int, bodies: list[bytes], start: int, step: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(start, len(bodies), step):
        conn.request("PUT", f"/metrics/job/ward/instance/machine-{i}", body=bodies[i])
        response = conn.getresponse()
        response.read()
        if response.status >= 300:
            raise RuntimeError(f"push {i} got HTTP {response.status}")
    conn.close()


def _rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _cpu_seconds(pid: int) -> float:
    # utime and stime, fields 14 and 15 of /proc/PID/stat (after the parenthesised name).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _version() -> str:
    done = subprocess.run([BINARY, "--version"], capture_output=True, text=True)
    return (done.stdout or done.stderr).splitlines()[0]


def measure_pushgateway(bodies: list[bytes], repeat: int = 5, threads: int = 4) -> dict[str, Any]:
    """Push one body per machine into a fresh Pushgateway, then time GET /metrics."""
    if shutil.which(BINARY) is None:
        return {"skipped": f"{BINARY} not installed"}
    port = _free_port()
    cmd = [BINARY, f"--web.listen-address=127.0.0.1:{port}", *FLAGS]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port)
        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            for f in [pool.submit(_push_range, port, bodies, t, threads) for t in range(threads)]:
                f.result()
        push_seconds = time.perf_counter() - start
        times, cpus, body = [], [], b""
        for _ in range(repeat):
            start, cpu = time.perf_counter(), _cpu_seconds(proc.pid)
            body = _get(port, "/metrics")
            times.append(time.perf_counter() - start)
            cpus.append(_cpu_seconds(proc.pid) - cpu)
        return {
            "version": _version(),
            "flags": " ".join(FLAGS),
            "machines": len(bodies),
            "push_per_second": round(len(bodies) / push_seconds),
            "metrics_seconds_median": round(statistics.median(times), 4),
            "metrics_seconds_min": round(min(times), 4),
            "metrics_cpu_seconds_median": round(statistics.median(cpus), 4),
            "body_bytes": len(body),
            "series": sum(1 for line in body.splitlines() if line and not line.startswith(b"#")),
            "rss_bytes": _rss_bytes(proc.pid),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)
