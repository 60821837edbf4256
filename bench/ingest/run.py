"""Ingest benchmark: the collector's reports/s and latency beside Pushgateway's, same run.

    python bench/ingest/run.py [--agents 1000] [--connections 1,100,1000] [--duration 8]
        [--batch 50] [--batch-connections 1,100] [--postgres [URL]] [--no-pushgateway]

For each target, one process pinned to core 0 (`taskset -c 0`), loaded by wrk pinned to
core 1 (`taskset -c 1 wrk -t1 -cC -dDs --latency -s SCRIPT`), C connections:

- wardwatch (SQLite in a temporary directory; PostgreSQL with --postgres, a fresh
  database created through URL's database and dropped at the end): one uvicorn worker.
  Set-up (not timed): enroll --agents agents through the API (enroll.py), then send one
  report per agent so every agent is known and cached. Then ingest.lua POSTs NDJSON
  bodies, uncompressed, agents in turn, each agent's seq growing:
  "single": one ~6 KB report per request (a live report);
  "batch": --batch reports per request (an agent replaying its spool).
- Pushgateway 1.5 (`prometheus-pushgateway --persistence.file=`), "default" settings and
  "no-check" (`--push.disable-consistency-check`, its best configuration): push.lua PUTs
  one machine's 34 series to /metrics/job/ward/instance/machine-N, N over the same number
  of machines, after a set-up that pushes every machine once.

A run counts only if every response was 200 (2xx for Pushgateway) with nothing rejected
and wrk saw no socket error or timeout; after the wardwatch runs, the store must hold
exactly one history row per acknowledged report. Writes bench/results/ingest.json and
the "## Ingest" section of bench/RESULTS.md, and prints the table.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT)]

import enroll as setup  # noqa: E402

from collector.config import StorageConfig  # noqa: E402

RESULTS_JSON = ROOT / "bench" / "results" / "ingest.json"
RESULTS_MD = ROOT / "bench" / "RESULTS.md"
SERVER_CORE, LOAD_CORE = "0", "1"
SEQ_STEP = 10_000_000  # seq headroom per wrk run: far above what one run can send per agent
GOAL_RATE, GOAL_P99_MS, GOAL_LONE_P99_MS = 5000.0, 50.0, 5.0
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(port: int, path: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait until GET `path` answers 200, failing early if `proc` died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port}{path}")


def proc_figures(pid: int) -> dict[str, float]:
    """Return RSS, peak RSS (MB) and CPU seconds (user+system) of `pid` from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = {
        line.split(":")[0]: int(line.split()[1])
        for line in status.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {
        "rss_mb": round(kb["VmRSS"] / 1024, 1),
        "peak_rss_mb": round(kb["VmHWM"] / 1024, 1),
        "cpu_seconds": (int(fields[11]) + int(fields[12])) / ticks,
    }


def core_busy(core: str) -> float:
    """Return the seconds core `core` has spent busy (not idle or iowait) since boot."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            ticks = [int(v) for v in line.split()[1:]]
            return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    raise RuntimeError(f"no cpu{core} in /proc/stat")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started here: SIGTERM, then SIGKILL after 20 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wrk(
    port: int, script: str, args: list[str], connections: int, duration: float
) -> dict[str, Any]:
    """Run wrk pinned to the load core; return ingest.lua/push.lua's RESULT line."""
    command = [
        "taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{connections}", f"-d{duration:g}s",
        "--timeout", "30s", "--latency", "-s", str(HERE / script),
        f"http://127.0.0.1:{port}", "--", *args,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[len("RESULT ") :])
            return result
    raise RuntimeError(f"wrk printed no RESULT line:\n{done.stdout}\n{done.stderr}")


def accept_queue(port: int) -> int:
    """Return how many connections wait to be accepted on 127.0.0.1:`port` (from /proc)."""
    wanted = f"0100007F:{port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == wanted and fields[3] == "0A":  # LISTEN: rx_queue is the accept queue
            return int(fields[4].split(":")[1], 16)
    return 0


def measure(
    proc: subprocess.Popen[bytes],
    port: int,
    script: str,
    script_args: list[str],
    connections: int,
    duration: float,
    reports_per_request: int,
    meta: dict[str, Any],
) -> dict[str, Any]:
    """Run wrk once against `proc`; return the run's figures with the server's CPU and RSS."""
    waiting: list[int] = []
    stop_sampling = threading.Event()

    def sample() -> None:
        while not stop_sampling.wait(0.5):
            waiting.append(accept_queue(port))

    sampler = threading.Thread(target=sample, daemon=True)
    before, busy = proc_figures(proc.pid), core_busy(SERVER_CORE)
    sampler.start()
    try:
        raw = wrk(port, script, script_args, connections, duration)
    finally:
        stop_sampling.set()
        sampler.join()
    after, busy = proc_figures(proc.pid), core_busy(SERVER_CORE) - busy
    run = {
        **meta,
        "reports_per_request": reports_per_request,
        "connections": connections,
        **figures(raw, reports_per_request),
        "cpu_seconds": round(after["cpu_seconds"] - before["cpu_seconds"], 2),
        "rss_mb_after": after["rss_mb"],
        # connections opened by wrk but not yet accepted by the server (most, mean)
        "accept_queue_max": max(waiting, default=0),
        "accept_queue_mean": round(sum(waiting) / len(waiting), 1) if waiting else 0,
    }
    # CPU time other processes took on the server's core during the run
    run["core_taken_by_others"] = round(max(0.0, busy - run["cpu_seconds"]) / run["seconds"], 2)
    run["reports_per_cpu_second"] = (
        round(run["reports"] / run["cpu_seconds"]) if run["cpu_seconds"] else None
    )
    if not run["requests"]:
        run["valid"] = False
        run["errors"]["no_answer"] = "no request completed within the run"
    print("  " + line_of(run), flush=True)
    return run


def paced(args: argparse.Namespace) -> list[tuple[int, int]]:
    """Return (offered reports/s, pace in ms) of each paced run, on all connections."""
    connections = max(args.connections)
    return [(rate, round(connections * 1000 / rate)) for rate in args.paced_rates]


def figures(raw: dict[str, Any], reports_per_request: int) -> dict[str, Any]:
    """Turn a RESULT line into the recorded figures and the list of what went wrong."""
    seconds = raw["duration_us"] / 1e6
    errors = {
        k: raw[k]
        for k in ("non200", "rejected", "connect_errors", "read_errors", "write_errors",
                  "timeouts")
        if raw[k]
    }  # fmt: skip
    return {
        "requests": raw["requests"],
        "reports": raw["ok"] * reports_per_request,
        "seconds": round(seconds, 2),
        "requests_per_s": round(raw["requests"] / seconds, 1),
        "reports_per_s": round(raw["ok"] * reports_per_request / seconds, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": errors,
        "error_detail": raw["statuses"],
        "valid": not errors,
    }


def post(port: int, path: str, body: bytes, headers: dict[str, str], method: str = "POST") -> None:
    """Send one request and insist on a 2xx answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body, headers)
        answer = conn.getresponse()
        text = answer.read()
    finally:
        conn.close()
    if not 200 <= answer.status < 300:
        raise RuntimeError(f"{method} {path} answered {answer.status}: {text[:300]!r}")


# --- wardwatch ---------------------------------------------------------------------------


def postgres_database(admin_url: str) -> tuple[str, Any]:
    """Create a fresh database through `admin_url`; return its URL and a dropper."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    name = f"wardwatch_bench_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def store_counts(url: str) -> dict[str, int]:
    """Count history rows (one per stored report), handovers and clones in the store."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return {
                table: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("history", "latest", "handovers", "clones")
            }
    finally:
        engine.dispose()


def warm_up(port: int, work: Path, agents: int) -> None:
    """Send one report per agent (seq 1): tokens cached, every machine in the fleet."""
    line = (work / "template.ndjson").read_text().strip()
    rows = [row.split() for row in (work / "agents.txt").read_text().splitlines()]
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def one(index: int) -> None:
        token = rows[index][1]
        body = setup.fill(line, index, 1, stamp).encode() + b"\n"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"}
        post(port, "/api/v1/reports", body, headers)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(agents)))


def run_wardwatch(
    backend: str, url: str, args: argparse.Namespace, tmp: Path
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Start the collector on `url`, enroll, load it; return its runs and process figures."""
    port = free_port()
    secret = tmp / "secret"
    secret.write_text(secrets.token_hex(24) + "\n")
    data = tmp / f"data-{backend}"
    config = {
        "listen": {"host": "127.0.0.1", "port": port},
        "storage": {
            "data_directory": str(data),
            "url": url if backend != "sqlite" else None,
            "sqlite_synchronous": args.sqlite_synchronous,
        },
        # the benchmark's agents send far above an agent's real rate: never throttle them
        "limits": {"agent_burst_reports": 10**9, "agent_reports_per_second": 10**9},
        "enrollment_secret_files": {"*": str(secret)},
        "log_level": "warning",
    }
    config_file = tmp / f"collector-{backend}.json"  # JSON is YAML
    config_file.write_text(json.dumps(config))
    work = tmp / f"wrk-{backend}"
    log = (tmp / f"collector-{backend}.log").open("wb")
    command = ["taskset", "-c", SERVER_CORE, sys.executable, "-m", "collector.cli", "serve",
               "--config", str(config_file)]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    runs: list[dict[str, Any]] = []
    try:
        wait_http(port, "/readyz", proc)
        started = time.monotonic()
        setup.enroll(f"http://127.0.0.1:{port}", secret.read_text().strip(), args.agents, work)
        warm_up(port, work, args.agents)
        print(f"  {backend}: enrolled and warmed {args.agents} agents in "
              f"{time.monotonic() - started:.1f} s", flush=True)  # fmt: skip
        seq_base = SEQ_STEP
        plan = [("single", 1, c, 0) for c in args.connections]
        plan += [("batch", args.batch, c, 0) for c in args.batch_connections]
        plan += [(f"paced {rate}/s", 1, max(args.connections), pace) for rate, pace in paced(args)]
        for variant, batch, connections, pace in plan:
            script_args = [str(work), str(seq_base), str(batch)]
            if pace:  # first requests spread over one pace, then one per pace per connection
                script_args += ["1", str(connections), str(pace), str(pace)]
            meta = {"target": "wardwatch", "config": backend, "variant": variant}
            runs.append(measure(proc, port, "ingest.lua", script_args, connections,
                                args.duration, batch, meta))  # fmt: skip
            seq_base += SEQ_STEP
            time.sleep(2)  # let the collector finish what the last run left queued
        stored = store_counts(url if backend != "sqlite" else f"sqlite:///{data}/wardwatch.sqlite")
        process = {"target": "wardwatch", "config": backend, **proc_figures(proc.pid),
                   "machines": args.agents, "store": stored}  # fmt: skip
        # wrk stops without reading the answers to requests still in flight (at most C per
        # run): the collector may have stored those too, never fewer than acknowledged.
        acknowledged = args.agents + sum(r["reports"] for r in runs)
        in_flight = sum(r["connections"] * r["reports_per_request"] for r in runs)
        process["acknowledged"] = acknowledged
        process["stored_not_acknowledged"] = stored["history"] - acknowledged
        stored_ok = acknowledged <= stored["history"] <= acknowledged + in_flight
        if not stored_ok or stored["handovers"] or stored["clones"]:
            print(f"  STORE CHECK FAILED: {stored}, acknowledged {acknowledged}", flush=True)
            for run in runs:
                run["valid"] = False
                run["errors"]["store_check"] = f"{stored} vs {acknowledged} acknowledged"
        return runs, process
    finally:
        stop(proc)
        log.close()


# --- Pushgateway -------------------------------------------------------------------------


def run_pushgateway(
    config: str, args: argparse.Namespace, tmp: Path
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Start Pushgateway holding every machine once, load it; return its runs and figures.

    "no-check" runs first and is filled by PUTs; its store, written to a file when it
    stops, is what "default" starts from: filling a default Pushgateway by PUTs takes
    minutes (each push checks every group held). The file is read at start and written
    every 5 minutes and at shutdown, never within a run.
    """
    port = free_port()
    state = tmp / "pushgateway.state"
    command = ["taskset", "-c", SERVER_CORE, "prometheus-pushgateway",
               f"--web.listen-address=127.0.0.1:{port}", f"--persistence.file={state}"]  # fmt: skip
    if config == "no-check":
        command.append("--push.disable-consistency-check")
    work = tmp / "wrk-push"
    work.mkdir(parents=True, exist_ok=True)
    (work / "push.txt").write_text(setup.push_body("@HOST@"))
    body = (work / "push.txt").read_text()
    log = (tmp / f"pushgateway-{config}.log").open("wb")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    runs: list[dict[str, Any]] = []
    try:
        wait_http(port, "/-/ready", proc)
        started = time.monotonic()
        held = groups(port)
        if held < args.agents:

            def one(n: int) -> None:
                put = body.replace("@HOST@", setup.hostname(n)).encode()
                headers = {"Content-Type": "text/plain; version=0.0.4"}
                post(port, f"/metrics/job/ward/instance/machine-{n}", put, headers, "PUT")

            with ThreadPoolExecutor(8) as pool:
                list(pool.map(one, range(args.agents)))
        held = groups(port)
        print(f"  pushgateway {config}: holds {held} machines "
              f"({time.monotonic() - started:.1f} s to fill)", flush=True)  # fmt: skip
        plan = [("single", c, 0) for c in args.connections]
        if config == "no-check":  # the default one cannot keep up with even the lowest pace
            plan += [(f"paced {rate}/s", max(args.connections), pace) for rate, pace in paced(args)]
        for variant, connections, pace in plan:
            script_args = [str(work), str(args.agents)]
            if pace:
                script_args += ["1", str(connections), str(pace), str(pace)]
            meta = {"target": "pushgateway", "config": config, "variant": variant}
            runs.append(measure(proc, port, "push.lua", script_args, connections,
                                args.duration, 1, meta))  # fmt: skip
        process = {"target": "pushgateway", "config": config, **proc_figures(proc.pid),
                   "machines": groups(port)}  # fmt: skip
        return runs, process
    finally:
        stop(proc)
        log.close()


def groups(port: int) -> int:
    """Count the groups (machines) a Pushgateway holds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", "/api/v1/metrics")
        data = json.loads(conn.getresponse().read())
    finally:
        conn.close()
    return len(data.get("data") or [])


# --- report ------------------------------------------------------------------------------


def line_of(run: dict[str, Any]) -> str:
    """One progress line."""
    errors = "" if run["valid"] else f"  ERRORS {run['errors']} {run['error_detail'][:200]}"
    return (
        f"{run['target']} {run['config']} {run['variant']} c={run['connections']}: "
        f"{run['reports_per_s']:.0f} reports/s, p50 {run['p50_ms']:.1f} ms, "
        f"p99 {run['p99_ms']:.1f} ms, {run['cpu_seconds']} CPU s, "
        f"{run['reports_per_cpu_second'] or 0} reports/CPU s, "
        f"others took {run['core_taken_by_others']:.0%} of core {SERVER_CORE}{errors}"
    )


def ratios(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """wardwatch's reports/s over each Pushgateway configuration's pushes/s, same load."""
    out = []
    for ours in runs:
        if ours["target"] != "wardwatch" or ours["variant"] == "batch":
            continue
        for peer in runs:
            same = (peer["variant"], peer["connections"]) == (ours["variant"], ours["connections"])
            if peer["target"] == "pushgateway" and same:
                out.append({
                    "wardwatch": ours["config"],
                    "pushgateway": peer["config"],
                    "variant": ours["variant"],
                    "connections": ours["connections"],
                    "rate_ratio": round(ours["reports_per_s"] / peer["reports_per_s"], 2)
                    if peer["reports_per_s"] else None,
                    "p99_ratio": round(ours["p99_ms"] / peer["p99_ms"], 2)
                    if peer["p99_ms"] else None,
                })  # fmt: skip
    return out


def goals(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Judge the issue's ingest goals on every wardwatch run of one report per request."""
    best_peer = {
        (r["variant"], r["connections"]): max(
            p["reports_per_s"] for p in runs
            if p["target"] == "pushgateway" and p["connections"] == r["connections"]
            and p["variant"] == r["variant"]
        )
        for r in runs if r["target"] == "pushgateway"
    }  # fmt: skip
    out = []
    for r in runs:
        if r["target"] != "wardwatch":
            continue
        # the rate goals apply to saturating runs of many agents at once (a paced run sends
        # what it is paced to); one agent alone is judged on its latency, each report committed
        saturating = r["variant"] in ("single", "batch") and r["connections"] > 1
        lone = r["variant"] == "single" and r["connections"] == 1
        peer = best_peer.get((r["variant"], r["connections"]))
        per_cpu = r["reports_per_cpu_second"] or 0
        out.append({
            "config": r["config"],
            "variant": r["variant"],
            "connections": r["connections"],
            "rate_5000_per_core": r["reports_per_s"] >= GOAL_RATE if saturating else None,
            "rate_5000_per_cpu_second": per_cpu >= GOAL_RATE if saturating else None,
            "rate_at_least_pushgateway_best": None if peer is None or not saturating
            else r["reports_per_s"] >= peer,
            # a batch's latency is that of 50 reports at once: the goal is for live reports
            "p99_50ms": None if r["variant"] == "batch" else r["p99_ms"] <= GOAL_P99_MS,
            "lone_p99_5ms": r["p99_ms"] <= GOAL_LONE_P99_MS if lone else None,
            "valid": r["valid"],
        })  # fmt: skip
    return out


def _or_dash(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def yes(flag: bool | None) -> str:
    """Render a goal flag."""
    return "-" if flag is None else ("met" if flag else "NOT met")


def markdown(result: dict[str, Any]) -> str:
    """Return the "## Ingest" section."""
    m = result["machine"]
    lines = [
        "## Ingest",
        "",
        f"Taken {result['date']} on {m['cpus']} cores ({m['cpu_model']}), {m['kernel']}, "
        f"Python {m['python']}, {result['pushgateway_version']}; tree {result['tree']}; whole run "
        f"{result['wall_seconds']:.0f} s. Command:",
        "",
        "```",
        result["command"],
        "```",
        "",
        f"Each server pinned to core {SERVER_CORE} (`taskset -c {SERVER_CORE}`; the collector is "
        f"one uvicorn worker), wrk pinned to core {LOAD_CORE} (`taskset -c {LOAD_CORE} wrk -t1 -cC "
        f"-d{result['duration_s']:g}s --latency`), C = connections = agents sending at once, "
        "keep-alive. "
        f"{result['agents']} agents enrolled and one report each stored before timing; "
        f"Pushgateway holds the same {result['agents']} machines (34 series each) before "
        "timing. wardwatch commits every report (SQLite in WAL mode, "
        f"`synchronous={result['sqlite_synchronous']}`, group commit) before acknowledging it; "
        "Pushgateway keeps nothing durable.",
        "",
        "- **single**: one ~6 KB report per request, NDJSON, uncompressed (a live report), as "
        "fast as the server answers; for Pushgateway one PUT of one machine's 34 series.",
        f"- **batch**: {result['batch']} reports per request (an agent replaying its spool); "
        "reports/s counts reports, latency is per request.",
        f"- **paced R/s**: {max(r['connections'] for r in result['runs'])} connections, each "
        "sending its next request a fixed time after the last answer, first requests spread "
        "over that time: about R requests/s offered (333/s is 20,000 machines reporting every "
        "60 s). The latency a fleet sees below saturation.",
        "- **Pushgateway default**: `prometheus-pushgateway --persistence.file=F` "
        "(F only carries the machines over from the no-check run; written at shutdown).",
        "- **Pushgateway no-check**: the same with `--push.disable-consistency-check`, its best "
        "configuration: the fair headline.",
        "",
        "| target | config | variant | C | reports/s | p50 ms | p99 ms | CPU s | reports/CPU s | "
        f"others on core {SERVER_CORE} | accept queue max | RSS after MB | valid |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['target']} | {r['config']} | {r['variant']} | {r['connections']} | "
            f"{r['reports_per_s']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['cpu_seconds']} | {r['reports_per_cpu_second'] or 0:,} | "
            f"{r['core_taken_by_others']:.0%} | {r['accept_queue_max']} | {r['rss_mb_after']} | "
            f"{'yes' if r['valid'] else 'NO: ' + json.dumps(r['errors'])} |"
        )
    lines += ["", "wardwatch over Pushgateway, same load (reports/s ratio; p99 ratio):", ""]
    lines += ["| wardwatch | Pushgateway | variant | C | rate ratio | p99 ratio |"]
    lines += ["|---|---|---|---:|---:|---:|"]
    for q in result["ratios"]:
        lines.append(
            f"| {q['wardwatch']} | {q['pushgateway']} | {q['variant']} | {q['connections']} | "
            f"{_or_dash(q['rate_ratio'])} | {_or_dash(q['p99_ratio'])} |"
        )
    lines += ["", "Processes after the run (RSS from `/proc/PID/status`):", ""]
    lines += ["| target | config | machines | RSS MB | peak RSS MB |", "|---|---|---:|---:|---:|"]
    for p in result["processes"]:
        lines.append(
            f"| {p['target']} | {p['config']} | {p['machines']} | {p['rss_mb']} | "
            f"{p['peak_rss_mb']} |"
        )
    lines += [
        "",
        "Goals: >= 5,000 reports/s on one core (wall clock, and per CPU second of the "
        "collector, which other work on the shared machine does not lower) and at least "
        "Pushgateway's best rate at the same C, on the saturating runs of many agents at once "
        "(C >= 100); p99 <= 50 ms for live reports (single and paced runs); one agent sending "
        "alone (C = 1), every report committed before its acknowledgement: p99 <= 5 ms.",
        "",
    ]
    lines += ["| config | variant | C | >= 5,000/s | >= 5,000/CPU s | >= Pushgateway best | "
              "p99 <= 50 ms | alone: p99 <= 5 ms |",
              "|---|---|---:|---|---|---|---|---|"]  # fmt: skip
    for g in result["goals"]:
        lines.append(
            f"| {g['config']} | {g['variant']} | {g['connections']} | "
            f"{yes(g['rate_5000_per_core'])} | {yes(g['rate_5000_per_cpu_second'])} | "
            f"{yes(g['rate_at_least_pushgateway_best'])} | {yes(g['p99_50ms'])} | "
            f"{yes(g.get('lone_p99_5ms'))} |"
        )
    if result.get("notes"):
        lines += ["", *result["notes"]]
    lines += [
        "",
        "Where a report's time goes: `python bench/ingest/stages.py` (in-process, per stage) "
        "and `python bench/ingest/ablate.py` (in the running collector); how to read these "
        "figures: `bench/ingest/README.md`.",
    ]
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace (or add) the "## Ingest" section of RESULTS.md, leaving the others alone."""
    text = RESULTS_MD.read_text() if RESULTS_MD.exists() else "# Benchmark results\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "## Ingest"), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        rest = "".join(lines[end:])
        text = "".join(lines[:start]) + section + ("\n" + rest if rest else "")
    RESULTS_MD.write_text(text)


def tree() -> str:
    """Return the commit measured, "+ changes" when the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "collector", "agent"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} + uncommitted changes" if dirty else head  # fmt: skip


def notes(runs: list[dict[str, Any]]) -> list[str]:
    """Say what the table alone would hide."""
    out = []
    for r in runs:
        label = f"{r['target']} {r['config']} {r['variant']} C={r['connections']}"
        if r["accept_queue_max"]:
            out.append(
                f"- {label}: up to {r['accept_queue_max']} connections (mean "
                f"{r['accept_queue_mean']}) waited in the listen queue, not yet accepted by the "
                "server; their requests are not in the latency figures until answered."
            )
        if not r["requests"]:
            out.append(f"- {label}: no request was answered within the run.")
    return out


def machine() -> dict[str, Any]:
    """Describe the machine the figures were taken on."""
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "kernel": f"Linux {platform.release()}",
        "python": platform.python_version(),
    }


def main() -> None:
    """Run every target and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--connections", default="1,100,1000")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--batch-connections", default="1,100")
    parser.add_argument(
        "--paced-rates",
        default="333,1000",
        help="offered reports/s of the paced runs, on max(--connections) "
        "connections (333/s: 20,000 machines reporting every 60 s)",
    )
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per wrk run")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=DEFAULT_POSTGRES,
        default=None,
        help=f"also run on PostgreSQL (a fresh database via {DEFAULT_POSTGRES})",
    )
    parser.add_argument(
        "--sqlite-synchronous",
        choices=("FULL", "NORMAL"),
        default=StorageConfig().sqlite_synchronous,
        help="the collector's storage.sqlite_synchronous (default: its default)",
    )
    parser.add_argument("--no-pushgateway", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--render",
        action="store_true",
        help=f"only rewrite the RESULTS.md section from {RESULTS_JSON.name}",
    )
    args = parser.parse_args()  # fmt: skip
    if args.render:
        saved = json.loads(RESULTS_JSON.read_text())
        saved["goals"], saved["ratios"] = goals(saved["runs"]), ratios(saved["runs"])
        saved["notes"] = notes(saved["runs"])
        RESULTS_JSON.write_text(json.dumps(saved, indent=2) + "\n")
        write_section(markdown(saved))
        return
    args.connections = [int(c) for c in args.connections.split(",") if c]
    args.batch_connections = [int(c) for c in args.batch_connections.split(",") if c]
    args.paced_rates = [int(r) for r in args.paced_rates.split(",") if r]
    if max(args.connections + args.batch_connections) > args.agents:
        parser.error("more connections than agents: two requests of one agent would overlap")
    for tool in ("wrk", "taskset", "prometheus-pushgateway"):
        if shutil.which(tool) is None and not (tool.startswith("prom") and args.no_pushgateway):
            parser.error(f"{tool} is not installed")
    version = subprocess.run(["prometheus-pushgateway", "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True).stdout.splitlines()  # fmt: skip
    began = time.monotonic()
    runs: list[dict[str, Any]] = []
    processes: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="wardwatch-ingest-") as name:
        tmp = Path(name)
        print("wardwatch on SQLite", flush=True)
        got, proc = run_wardwatch("sqlite", "", args, tmp)
        runs += got
        processes.append(proc)
        if args.postgres:
            url, drop = postgres_database(args.postgres)
            try:
                print("wardwatch on PostgreSQL", flush=True)
                got, proc = run_wardwatch("postgresql", url, args, tmp)
                runs += got
                processes.append(proc)
            finally:
                drop()
        if not args.no_pushgateway:
            for config in ("no-check", "default"):  # default starts from no-check's store
                print(f"Pushgateway {config}", flush=True)
                got, proc = run_pushgateway(config, args, tmp)
                runs += got
                processes.append(proc)
    argv = " ".join(sys.argv[1:])
    result = {
        "date": datetime.date.today().isoformat(),
        "command": f"python bench/ingest/run.py{' ' + argv if argv else ''}",
        "machine": machine(),
        "pushgateway_version": version[0].replace("pushgateway, version", "Pushgateway")
        if version
        else "Pushgateway",
        "agents": args.agents,
        "duration_s": args.duration,
        "batch": args.batch,
        "sqlite_synchronous": args.sqlite_synchronous,
        "runs": runs,
        "processes": processes,
        "ratios": ratios(runs),
        "goals": goals(runs),
        "tree": tree(),
        "notes": notes(runs),
        "wall_seconds": round(time.monotonic() - began, 1),
    }
    section = markdown(result)
    print()
    print(section)
    if not args.no_write:
        RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
        RESULTS_JSON.write_text(json.dumps(result, indent=2) + "\n")
        write_section(section)
    print(f"whole run: {result['wall_seconds']} s")


if __name__ == "__main__":
    main()
