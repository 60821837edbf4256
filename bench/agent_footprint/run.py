"""The agent beside node_exporter, in the same minutes: steady PSS and RSS, CPU per cycle.

One run starts, all on 127.0.0.1:
- node_exporter (Debian `prometheus-node-exporter`), scraped every C seconds by this
  script the way Prometheus does (gzip, the same Accept header);
- the real agent (`wardwatch-agent run --config TMP/agent.yml`) with
  `intervals.health_seconds = C`, enrolled (a token in its state directory) and sending
  to a small collector sink in this script that acknowledges every report, so a cycle is
  collect + probe + spool + send; over HTTPS as in production (a self-signed certificate
  made with `openssl` at the start, trusted through the agent's collector.ca_file);
- the agent's five standard probe targets, 5 samples each: datacenter (icmp 127.0.0.1),
  video_conference (http GET / -> 200), records (a tcp listener), documents (tcp to the
  sink's port), feedback_1022 (dns A query to a UDP responder here).

After a warm-up of 2 agent cycles (the first one is the full inventory) the steady window
opens mid-interval and lasts a whole number of cycles. Every second each process's VmRSS
is read from /proc/PID/status and its PSS (shared pages split among the processes that
map them: what a ward PC really pays) from /proc/PID/smaps_rollup; CPU is utime+stime
(+ waited-for children) from /proc/PID/stat at both ends of the window, divided by the
agent cycles and the scrapes done in it. Python stdlib only; run it with the project's
venv interpreter:

    .venv/bin/python bench/agent_footprint/run.py [--minutes 3] [--cycle-seconds 2]
        [--update-results]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.server
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import deque
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS_JSON = ROOT / "bench" / "results" / "agent_footprint.json"
RESULTS_MD = ROOT / "bench" / "RESULTS.md"
SECTION = "## Agent footprint"
NODE_EXPORTER = "prometheus-node-exporter"
# What Prometheus 2.x sends when it scrapes.
SCRAPE_HEADERS = {
    "Accept": "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
    "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
    "Accept-Encoding": "gzip",
    "User-Agent": "Prometheus/2.42.0",
    "X-Prometheus-Scrape-Timeout-Seconds": "10",
}
DNS_NAME = "probe.wardwatch.test"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024
_SPOOLED = re.compile(r"report (\d+) \((\w+)\) spooled")


# ---------------------------------------------------------------- /proc readings


def rss_bytes(pid: int) -> int | None:
    """Return VmRSS of `pid` in bytes, None once it is gone."""
    return _status_kb(pid, "VmRSS")


def _status_kb(pid: int, key: str) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    return None


def pss_bytes(pid: int) -> int | None:
    """Return the proportional set size of `pid` (shared pages split), None if unreadable."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) * 1024 if found else None


def cpu_seconds(pid: int) -> float:
    """Return utime+stime of `pid` (all threads) plus its waited-for children, in seconds."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rfind(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / CLOCK_TICKS


def children_cpu_seconds(pid: int) -> float:
    """Return the children's part (cutime+cstime) of `cpu_seconds`."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rfind(")") + 2 :].split()
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS


def machine() -> dict[str, Any]:
    """Describe this machine: CPUs, model, kernel, memory."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_total = _meminfo_kb("MemTotal")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "kernel": platform.release(),
        "memory_mb": round(mem_total / 1024) if mem_total else None,
        "container": Path("/.dockerenv").exists() or Path("/run/.containerenv").exists(),
    }


def _meminfo_kb(key: str) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def _free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------- loopback targets


class Quiet(http.server.BaseHTTPRequestHandler):
    """A handler that logs nothing."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class WebTarget(Quiet):
    """The http probe target: GET / answers 200."""

    def do_GET(self) -> None:
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET


class Sink:
    """A stand-in collector (HTTPS given `tls`): acknowledges every report POSTed to it."""

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        self.reports = 0
        self.requests = 0
        self.bytes_received = 0
        self.last_report: dict[str, Any] | None = None
        self.last_raw_bytes = 0
        self.lock = threading.Lock()
        sink = self

        class Handler(Quiet):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                data = gzip.decompress(raw) if self.headers.get("Content-Encoding") else raw
                reports = json.loads(data)["reports"]
                with sink.lock:
                    sink.requests += 1
                    sink.reports += len(reports)
                    sink.bytes_received += len(raw)
                    sink.last_report = reports[-1]
                    sink.last_raw_bytes = len(data) // max(len(reports), 1)
                body = json.dumps({"acknowledged": [r["seq"] for r in reports]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = _serve(Handler, tls)
        self.port = self.server.server_address[1]


def _scheme(result: dict[str, Any]) -> str:
    """Return how the agent sent in `result`: saved runs before the option were plain HTTP."""
    return str(result.get("collector_scheme", "http")).upper()


def tls_context(tmp: Path) -> tuple[ssl.SSLContext, Path]:
    """Make a self-signed certificate for 127.0.0.1 (openssl); return the server context and
    the certificate, which the agent trusts as its collector.ca_file."""
    cert, key = tmp / "sink.pem", tmp / "sink.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 can overflow: a connect then waits 1 s for SYN


def _serve(
    handler: type[http.server.BaseHTTPRequestHandler], tls: ssl.SSLContext | None = None
) -> http.server.HTTPServer:
    server = _Server(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def tcp_listener() -> socket.socket:
    """A TCP port that accepts connections and closes them."""
    sock = socket.create_server(("127.0.0.1", 0), backlog=128)

    def accept() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    return sock


def dns_responder() -> socket.socket:
    """A UDP DNS server answering every A query with 127.0.0.1 (others: no records)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                query, peer = sock.recvfrom(512)
            except OSError:
                return
            end = 12
            while end < len(query) and query[end]:
                end += 1 + query[end]
            question = query[12 : end + 5]
            qtype = struct.unpack_from("!H", query, end + 1)[0] if end + 3 <= len(query) else 0
            answers = 1 if qtype == 1 else 0
            header = struct.pack(
                "!HHHHHH", struct.unpack_from("!H", query)[0], 0x8180, 1, answers, 0, 0
            )
            answer = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton("127.0.0.1")
            sock.sendto(header + question + (answer if answers else b""), peer)

    threading.Thread(target=serve, daemon=True).start()
    return sock


# ---------------------------------------------------------------- node_exporter scraper


class Scraper:
    """Scrape `url` every `interval` seconds on a fixed schedule, as Prometheus does."""

    def __init__(self, url: str, interval: float) -> None:
        self.url, self.interval = url, interval
        self.done: list[float] = []  # time.monotonic() at the end of each scrape
        self.failures = 0
        self.last_body = b""
        self.last_gzip_bytes = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _loop(self) -> None:
        next_at = time.monotonic()
        while not self.stop.is_set():
            try:
                request = urllib.request.Request(self.url, headers=SCRAPE_HEADERS)
                with urllib.request.urlopen(request, timeout=10) as answer:
                    body = answer.read()
                self.last_body, self.last_gzip_bytes = body, len(body)
                self.done.append(time.monotonic())
            except OSError:
                self.failures += 1
            next_at += self.interval
            self.stop.wait(max(0.0, next_at - time.monotonic()))


def exposition_facts(body: bytes) -> dict[str, Any]:
    """Count samples and failed collectors in one (gzip) scrape body."""
    text = gzip.decompress(body).decode() if body[:2] == b"\x1f\x8b" else body.decode()
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    success = re.findall(r'^node_scrape_collector_success\{collector="([^"]+)"\} (\S+)', text, re.M)
    return {
        "samples": len(lines),
        "body_bytes": len(text.encode()),
        "gzip_bytes": len(body),
        "collectors": len(success),
        "collectors_failed": sorted(name for name, value in success if float(value) == 0),
    }


# ---------------------------------------------------------------- the agent


def agent_command(config: Path, python: str | None = None) -> list[str]:
    """The agent's command line.

    With `python`, that interpreter runs what the `wardwatch-agent` entry point runs, with
    the repository on PYTHONPATH (e.g. a clean venv holding only the base dependencies);
    otherwise the entry point next to this interpreter or in the project's .venv.
    """
    if python:
        return [python, "-c", _ENTRY_POINT, "run", "--config", str(config)]
    for candidate in (
        Path(sys.executable).parent / "wardwatch-agent",
        ROOT / ".venv" / "bin" / "wardwatch-agent",
    ):
        if candidate.exists():
            return [str(candidate), "run", "--config", str(config)]
    return [sys.executable, "-m", "agent.cli", "run", "--config", str(config)]


_ENTRY_POINT = "import re, sys; from agent.cli import main; sys.exit(main())"


def agent_python(command: list[str]) -> str:
    """The interpreter that runs the agent (the entry point's shebang)."""
    first = Path(command[0])
    if first.name.startswith("python"):
        return str(first)
    line = first.read_text(errors="replace").splitlines()[0]
    return line[2:].strip() if line.startswith("#!") else sys.executable


def write_agent_config(
    tmp: Path, cycle: float, sink: int, web: int, tcp: int, dns: int, ca_file: Path | None
) -> Path:
    """Write the agent's YAML config and its enrollment token; return the config path."""
    state = tmp / "state"
    state.mkdir(mode=0o700)
    # What enrollment leaves behind: the token and the install id.
    for name, text in (("token", "bench-token"), ("install-id", os.urandom(16).hex())):
        fd = os.open(state / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text + "\n")
    config = tmp / "agent.yml"
    config.write_text(f"""\
collector:
  url: {"http" if ca_file is None else "https"}://127.0.0.1:{sink}
  ca_file: {ca_file or "null"}
identity:
  ward: bench-ward
  role: workstation
state_directory: {state}
intervals:
  health_seconds: {cycle}
probes:
  samples: 5
  sample_interval_seconds: 0.2
  modules:
    ping: {{prober: icmp, timeout_seconds: 2}}
    web: {{prober: http, timeout_seconds: 2}}
    tcp: {{prober: tcp, timeout_seconds: 2}}
    dns: {{prober: dns, query_name: {DNS_NAME}, query_type: A, timeout_seconds: 2}}
  targets:
    - {{name: datacenter, module: ping, target: 127.0.0.1}}
    - {{name: video_conference, module: web, target: "http://127.0.0.1:{web}/"}}
    - {{name: records, module: tcp, target: "127.0.0.1:{tcp}"}}
    - {{name: documents, module: tcp, target: "127.0.0.1:{sink}"}}
    - {{name: feedback_1022, module: dns, target: "127.0.0.1:{dns}"}}
log_level: info
""")
    return config


class AgentLog:
    """Read the agent's log (stderr): when each report was spooled, and any warnings."""

    def __init__(self, stream: Any) -> None:
        self.spooled: list[tuple[float, int, str]] = []
        self.problems: deque[str] = deque(maxlen=20)
        self.tail: deque[str] = deque(maxlen=20)
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: Any) -> None:
        for raw in stream:
            line = raw.decode(errors="replace").rstrip()
            self.tail.append(line)
            found = _SPOOLED.search(line)
            if found:
                self.spooled.append((time.monotonic(), int(found.group(1)), found.group(2)))
            elif " WARNING " in line or " ERROR " in line:
                self.problems.append(line)


def _clean_env(python: str | None) -> dict[str, str]:
    """The environment the shipped systemd unit gives the agent, and nothing else of Python's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MALLOC"))}
    env["PYTHONOPTIMIZE"] = "2"  # as agent/wardwatch-agent.service runs it
    env["MALLOC_ARENA_MAX"] = "1"  # likewise: one malloc arena for the probe threads
    if python:
        env["PYTHONPATH"] = str(ROOT)
    return env


# ---------------------------------------------------------------- the run


def _wait(condition: Any, seconds: float, what: str, logs: AgentLog | None = None) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            tail = "\n".join(logs.tail) if logs else ""
            raise RuntimeError(f"timed out waiting for {what}\n{tail}")
        time.sleep(0.05)


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


def _mb(value: float | None) -> float | None:
    return None if value is None else round(value / MIB, 1)


def run(
    minutes: float,
    cycle: float,
    warmup: int,
    binary: str,
    python: str | None = None,
    plain_http: bool = False,
) -> dict[str, Any]:
    """Run both side by side and return the figures."""
    windows_cycles = max(1, round(minutes * 60 / cycle))
    window = windows_cycles * cycle
    tmp = Path(tempfile.mkdtemp(prefix="agent-footprint-"))
    tls, certificate = (None, None) if plain_http else tls_context(tmp)
    sink = Sink(tls)
    web = _serve(WebTarget)
    tcp = tcp_listener()
    dns = dns_responder()
    ne_port = _free_port()
    procs: list[subprocess.Popen[bytes]] = []
    try:
        ne = subprocess.Popen(
            [binary, f"--web.listen-address=127.0.0.1:{ne_port}", "--log.level=warn"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(ne)
        _wait(lambda: _connects(ne_port), 10, "node_exporter to listen")
        scraper = Scraper(f"http://127.0.0.1:{ne_port}/metrics", cycle)
        scraper.start()

        config = write_agent_config(
            tmp,
            cycle,
            sink.port,
            web.server_address[1],
            tcp.getsockname()[1],
            dns.getsockname()[1],
            certificate,
        )
        command = agent_command(config, python)
        agent = subprocess.Popen(
            command,
            cwd=tmp,
            env=_clean_env(python),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        procs.append(agent)
        log = AgentLog(agent.stderr)
        _wait(
            lambda: (
                len(log.spooled) >= warmup
                and sink.reports >= warmup
                and len(scraper.done) >= warmup
            ),
            120,
            f"{warmup} warm-up cycles",
            log,
        )
        if agent.poll() is not None:
            raise RuntimeError("the agent exited:\n" + "\n".join(log.tail))

        # Open the window mid-interval, so that it holds whole cycles.
        start = log.spooled[-1][0] + cycle / 2
        time.sleep(max(0.0, start - time.monotonic()))
        t0 = time.monotonic()
        cpu0 = {"agent": cpu_seconds(agent.pid), "ne": cpu_seconds(ne.pid)}
        child0 = children_cpu_seconds(agent.pid)
        samples: dict[str, list[int]] = {"agent": [], "ne": []}
        pss_samples: dict[str, list[int]] = {"agent": [], "ne": []}
        t_end = t0 + window
        tick = t0
        while True:
            for name, proc in (("agent", agent), ("ne", ne)):
                value = rss_bytes(proc.pid)
                if value is None:
                    raise RuntimeError(f"{name} exited during the window")
                samples[name].append(value)
                pss_samples[name].append(pss_bytes(proc.pid) or 0)
            tick += 1.0
            if tick >= t_end:
                time.sleep(max(0.0, t_end - time.monotonic()))
                break
            time.sleep(max(0.0, tick - time.monotonic()))
        t1 = time.monotonic()
        cpu1 = {"agent": cpu_seconds(agent.pid), "ne": cpu_seconds(ne.pid)}
        child1 = children_cpu_seconds(agent.pid)
        hwm = {"agent": _status_kb(agent.pid, "VmHWM"), "ne": _status_kb(ne.pid, "VmHWM")}
        scraper.stop.set()

        cycles = [c for c in log.spooled if t0 < c[0] <= t1]
        scrapes = [s for s in scraper.done if t0 < s <= t1]
        if not cycles or not scrapes:
            raise RuntimeError("no agent cycle or no scrape in the window")
        report = sink.last_report or {}
        probes = {
            p["name"]: {
                "result": p["result"],
                "successes": p["successes"],
                "samples": p["samples"],
                "mode": p.get("mode"),
                "rtt_max_ms": _ms(p.get("rtt_max_seconds")),
            }
            for p in report.get("probes", [])
        }
        facts = exposition_facts(scraper.last_body)
        version = subprocess.run([binary, "--version"], capture_output=True, text=True)
        interpreter = agent_python(command)
        py_version = subprocess.run(
            [interpreter, "-c", "import sys; print(sys.version.split()[0])"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        agent_cpu = cpu1["agent"] - cpu0["agent"]
        ne_cpu = cpu1["ne"] - cpu0["ne"]
        result: dict[str, Any] = {
            "agent": {
                "rss_mb_median": _mb(statistics.median(samples["agent"])),
                "rss_mb_max": _mb(max(samples["agent"])),
                "rss_mb_min": _mb(min(samples["agent"])),
                "pss_mb_median": _mb(statistics.median(pss_samples["agent"])),
                "pss_mb_max": _mb(max(pss_samples["agent"])),
                "hwm_mb": _mb(hwm["agent"]),
                "cpu_seconds": round(agent_cpu, 3),
                "children_cpu_seconds": round(child1 - child0, 3),
                "cycles": len(cycles),
                "cpu_ms_per_cycle": round(agent_cpu * 1000 / len(cycles), 2),
                "reports_acknowledged": sink.reports,
                "report_bytes": sink.last_raw_bytes,
                "icmp_mode": probes.get("datacenter", {}).get("mode"),
                "probes": probes,
                "warnings": list(log.problems),
                "python": py_version,
                "interpreter": interpreter,
                "command": shlex.join(["wardwatch-agent", *command[-3:]]),
                "entry": "clean venv + PYTHONPATH" if python else command[0],
            },
            "node_exporter": {
                "version": version.stdout.splitlines()[0] if version.stdout else binary,
                "rss_mb_median": _mb(statistics.median(samples["ne"])),
                "rss_mb_max": _mb(max(samples["ne"])),
                "rss_mb_min": _mb(min(samples["ne"])),
                "pss_mb_median": _mb(statistics.median(pss_samples["ne"])),
                "pss_mb_max": _mb(max(pss_samples["ne"])),
                "hwm_mb": _mb(hwm["ne"]),
                "cpu_seconds": round(ne_cpu, 3),
                "scrapes": len(scrapes),
                "scrape_failures": scraper.failures,
                "cpu_ms_per_scrape": round(ne_cpu * 1000 / len(scrapes), 2),
                **facts,
            },
            "window_seconds": round(t1 - t0, 1),
            "rss_samples": len(samples["agent"]),
        }
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        for server in (sink.server, web):
            server.shutdown()
            server.server_close()
        tcp.close()
        dns.close()
        shutil.rmtree(tmp, ignore_errors=True)
    a, n = result["agent"], result["node_exporter"]
    result["ratios"] = {
        "pss_median": round(a["pss_mb_median"] / n["pss_mb_median"], 2),
        "rss_median": round(a["rss_mb_median"] / n["rss_mb_median"], 2),
        "rss_max": round(a["rss_mb_max"] / n["rss_mb_max"], 2),
        "cpu_per_cycle_over_per_scrape": round(a["cpu_ms_per_cycle"] / n["cpu_ms_per_scrape"], 2),
    }
    result["goals"] = {
        "pss_median_at_most_1x": result["ratios"]["pss_median"] <= 1.0,
        "rss_median_at_most_1.25x": result["ratios"]["rss_median"] <= 1.25,
        "cpu_per_cycle_at_most_1x_per_scrape": result["ratios"]["cpu_per_cycle_over_per_scrape"]
        <= 1.0,
    }
    return result


def _tree() -> str:
    """The commit measured, and whether the working tree had changes."""

    def git(*argv: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *argv], capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "agent")
    return commit + (" + uncommitted changes in agent/" if dirty else "")


def _connects(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


# ---------------------------------------------------------------- output


def markdown(result: dict[str, Any]) -> str:
    """The figures as a Markdown table."""
    a, n, r, g = result["agent"], result["node_exporter"], result["ratios"], result["goals"]

    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"

    rows = [
        "| | wardwatch agent | node_exporter | agent / node_exporter | goal |",
        "|---|---:|---:|---:|---|",
        f"| steady PSS, median (MB) | {a['pss_mb_median']} | {n['pss_mb_median']} | "
        f"{r['pss_median']}x | <= 1.0x: {met(g['pss_median_at_most_1x'])} |",
        f"| steady RSS, median (MB) | {a['rss_mb_median']} | {n['rss_mb_median']} | "
        f"{r['rss_median']}x | <= 1.25x: {met(g['rss_median_at_most_1.25x'])} |",
        f"| steady RSS, max (MB) | {a['rss_mb_max']} | {n['rss_mb_max']} | {r['rss_max']}x | |",
        f"| CPU per agent cycle / per scrape (ms) | {a['cpu_ms_per_cycle']} | "
        f"{n['cpu_ms_per_scrape']} | {r['cpu_per_cycle_over_per_scrape']}x | "
        f"<= 1x: {met(g['cpu_per_cycle_at_most_1x_per_scrape'])} |",
        f"| cycles / scrapes in the window | {a['cycles']} | {n['scrapes']} | | |",
        f"| CPU in the window (s) | {a['cpu_seconds']} | {n['cpu_seconds']} | | |",
    ]
    return "\n".join(rows)


def section(result: dict[str, Any]) -> str:
    """The `## Agent footprint` section of bench/RESULTS.md."""
    a, n, m = result["agent"], result["node_exporter"], result["machine"]
    failed = n["collectors_failed"]
    probes = ", ".join(f"{name} {p['successes']}/{p['samples']}" for name, p in a["probes"].items())
    where = "a clean venv" if "clean" in a.get("entry", "") else "the project's venv (.venv)"
    box = ", in a container" if m["container"] else ""
    lines = [
        SECTION,
        "",
        "The agent beside node_exporter in the same minutes: steady PSS and RSS, and CPU per",
        "agent cycle (health collectors + 5 probe targets x 5 samples + spool + send) against",
        "CPU per Prometheus-style scrape (gzip). Goals: agent PSS <= node_exporter's; RSS <=",
        "1.25x node_exporter's (the accepted cost of OpenSSL); CPU per cycle <= node_exporter's",
        "CPU per scrape.",
        "",
        f"Taken {result['date']} on {m['nproc']} CPUs ({m['cpu_model']}), {m['memory_mb']} MB RAM,",
        f"Linux {m['kernel']}{box}; tree {result.get('tree', 'unknown')}; agent on Python",
        f"{a['python']} in {where}; {n['version']}.",
        "",
        "```sh",
        result["command"],
        "```",
        "",
        markdown(result),
        "",
        f"- Window: {result['window_seconds']} s after {result['warmup_cycles']} warm-up cycles"
        " (the first is the full inventory);",
        f"  one agent cycle and one scrape every {result['cycle_seconds']} s. RSS: VmRSS of",
        "  `/proc/PID/status`, PSS: `Pss` of `/proc/PID/smaps_rollup`, both every second",
        "  (MB = 2^20 bytes). CPU: utime+stime (+ waited-for",
        "  children) of `/proc/PID/stat` over the window, divided by the cycles and the scrapes",
        "  completed in it. CPU is counted in 10 ms ticks and repeated runs on this noisy machine",
        "  move the CPU ratio by about +-0.1: a ratio near 1.0 is a tie, not a clear pass or fail.",
        "- The agent runs as if enrolled (token and install id in its state directory) and sends",
        "  every report to a stand-in collector in the script that acknowledges it, so a cycle",
        f"  includes sending, over {_scheme(result)}"
        + (
            " (a new TLS connection a cycle, as in production; the script's own certificate)."
            if _scheme(result) == "HTTPS"
            else " (`--plain-http`: no TLS, unlike production)."
        ),
        f"  Probes, all on 127.0.0.1: {probes} (video_conference is plain http).",
        f"  ICMP mode `{a['icmp_mode']}` (the script runs as root: no child `ping`; children's",
        f"  CPU in the window: {a['children_cpu_seconds']} s). A health report is"
        f" {a['report_bytes']} bytes of JSON.",
        f"- node_exporter answers {n['samples']} samples, {n['body_bytes'] // 1024} KB"
        f" ({n['gzip_bytes'] // 1024} KB gzip). In this",
        f"  container {len(failed)} of its {n['collectors']} collectors fail"
        f" ({', '.join(failed) or 'none'}),",
        "  so its figures are a little lower than on a real host; the ratios are against these",
        "  lower figures.",
        "- PSS counts shared library pages (libpython, libc, libcrypto) split among the",
        "  processes that map them: what a ward PC pays for the agent beside its other programs.",
        "- Where the agent's memory and CPU go, and what would bring them down:",
        "  `bench/agent_footprint/README.md`.",
    ]
    return "\n".join(lines) + "\n"


def update_results(text: str) -> None:
    """Replace (or append) the `## Agent footprint` section of bench/RESULTS.md."""
    if RESULTS_MD.exists():
        current = RESULTS_MD.read_text(encoding="utf-8")
    else:
        current = (
            "# Benchmark results\n\nEach section says the machine, the date and the command\n"
            "that reproduces it. Absolute figures drift from run to run; the peers run beside\n"
            "wardwatch in the same run, so compare the ratios.\n"
        )
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    block = text.rstrip("\n") + "\n"
    if pattern.search(current):
        new = pattern.sub(lambda _: block + "\n", current, count=1)
        new = new.rstrip("\n") + "\n"
    else:
        new = current.rstrip("\n") + "\n\n" + block
    RESULTS_MD.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="steady window (default 3)")
    parser.add_argument(
        "--cycle-seconds",
        type=float,
        default=2.0,
        help="agent health interval and scrape interval (default 2)",
    )
    parser.add_argument("--warmup-cycles", type=int, default=2)
    parser.add_argument(
        "--node-exporter", default=shutil.which(NODE_EXPORTER) or f"/usr/bin/{NODE_EXPORTER}"
    )
    parser.add_argument(
        "--python",
        help="run the agent with this interpreter (a venv with "
        "only the base dependencies) and the repository on PYTHONPATH",
    )
    parser.add_argument("--output", type=Path, default=RESULTS_JSON, help="the JSON written")
    parser.add_argument(
        "--plain-http",
        action="store_true",
        help="send to the stand-in collector over plain HTTP (production uses HTTPS)",
    )
    parser.add_argument(
        "--update-results",
        action="store_true",
        help=f"rewrite the '{SECTION}' section of bench/RESULTS.md",
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        help="do not run: print (and with --update-results, record) a saved result",
    )
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        print(markdown(saved))
        if args.update_results:
            update_results(section(saved))
        return 0
    if not Path(args.node_exporter).exists():
        print(
            f"{NODE_EXPORTER} is not installed (apt-get install {NODE_EXPORTER})", file=sys.stderr
        )
        return 2
    command = shlex.join(
        [
            ".venv/bin/python",
            "bench/agent_footprint/run.py",
            *(argv if argv is not None else sys.argv[1:]),
        ]
    )
    result = run(
        args.minutes,
        args.cycle_seconds,
        args.warmup_cycles,
        args.node_exporter,
        args.python,
        args.plain_http,
    )
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "machine": machine(),
        "tree": _tree(),
        "cycle_seconds": args.cycle_seconds,
        "collector_scheme": "http" if args.plain_http else "https",
        "minutes": args.minutes,
        "warmup_cycles": args.warmup_cycles,
        **result,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown(result))
    a = result["agent"]
    print(
        f"\nicmp mode: {a['icmp_mode']}; probes: "
        + ", ".join(f"{k}={v['result']}" for k, v in a["probes"].items())
    )
    if a["warnings"]:
        print("agent warnings:\n  " + "\n  ".join(a["warnings"]))
    if args.update_results:
        update_results(section(result))
        print(f"\nupdated {RESULTS_MD.relative_to(ROOT)}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
