"""Load-generator benchmark: how many reports/s one simulator core builds and pushes.

    python bench/simulator/run.py [--machines 20000] [--window-seconds 60] [--profile]

A real collector (SQLite in a temporary directory, the simulated city's inventory loaded)
runs pinned to core 0 (`taskset -c 0`); the simulator runs in a child process pinned to
core 1 (`taskset -c 1`), one asyncio loop. Phases, one city, one collector:

- enroll: every agent enrolls (the carried PCs twice: old unit, then the proven move);
- paced: --machines every 60 s (20,000 / 60 s = 333 reports/s, the floor), 16
  connections: the rate it holds and the share of its core that takes;
- fast: the same agents (kept state, no enrollment) every 15 s, four times the floor, one
  report a request as a live agent sends, 32 connections.

Each phase is measured once its backlog has drained (under 1% of the agents waiting), or
after two minutes when it does not: on a shared machine the collector's core may fall
behind, which its CPU figures and the queue then show.
A report is built by `contract.report.build`, encoded, gzipped and sent with its own
agent's token; the rates count acknowledged reports. The simulator's reports per CPU
second is what one core of it can push; the collector's rate and CPU in the same window
are beside it. Writes bench/results/simulator.json and prints the table; `--profile`
runs the fast phase under cProfile and prints where the simulator's time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import datetime
import faulthandler
import gzip
import json
import os
import platform
import pstats
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT)]

import orjson  # noqa: E402

from inventory.load import HCMC_UNITS, load  # noqa: E402
from simulator.inventory_file import render  # noqa: E402
from simulator.links import Links  # noqa: E402
from simulator.reports import Reports  # noqa: E402
from simulator.runner import CityRunner, Options  # noqa: E402
from simulator.spread import build_city  # noqa: E402
from simulator.stats import Stats  # noqa: E402

RESULTS_JSON = ROOT / "bench" / "results" / "simulator.json"
COLLECTOR_CORE, SIMULATOR_CORE = "0", "1"
SEED = 2025
FLOOR_RATE = 20000 / 60


def cpu_seconds(pid: int) -> float:
    """Return the CPU seconds (user + system) of `pid` and its threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def core_busy(core: str) -> float:
    """Return the seconds core `core` has spent busy since boot."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            ticks = [int(v) for v in line.split()[1:]]
            return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    raise RuntimeError(f"no cpu{core} in /proc/stat")


# --- the child: the simulator, pinned to its core ----------------------------------------


def child(args: argparse.Namespace) -> None:
    """Run the city and write its counters to --stats-file every second."""
    faulthandler.register(signal.SIGUSR1)
    city = build_city(SEED, args.machines, list(load(HCMC_UNITS).wards.values()))
    options = Options(
        collector_url=args.url,
        secret=Path(args.secret_file).read_text().strip(),
        interval_seconds=args.interval,
        connections=args.connections,
        state_dir=Path(args.state),
        batch_reports=args.batch,
    )
    stats = Stats()
    out = Path(args.stats_file)

    def dump() -> None:
        figures = {
            "enrolled": stats.enrolled,
            "moved": stats.moved,
            "sent": stats.reports_sent,
            "acknowledged": stats.acknowledged,
            "refused": stats.refused,
            "failures": dict(stats.failures),
            "queued": stats.queued,
            "dropped": stats.dropped,
        }
        temp = out.with_suffix(".tmp")
        temp.write_text(json.dumps(figures))
        os.replace(temp, out)

    async def main() -> None:
        runner = CityRunner(city, options, list(city.degraded), stats)
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, runner.stop)
        await runner.run(on_tick=dump)

    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(asyncio.run, main())
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    else:
        asyncio.run(main())
    dump()


# --- the parent: the collector, the phases, the figures ----------------------------------


def start_collector(tmp: Path, machines: int) -> tuple[subprocess.Popen[bytes], str, Path]:
    """Start the collector pinned to its core on the city's inventory; return it, URL, secret."""
    city = build_city(SEED, machines, list(load(HCMC_UNITS).wards.values()))
    (tmp / "city.yml").write_text(render(city))
    secret = tmp / "ward.secret"
    secret.write_text(secrets.token_urlsafe(24) + "\n")
    port = 18000 + os.getpid() % 1000
    config = {
        "listen": {"host": "127.0.0.1", "port": port},
        "storage": {"data_directory": str(tmp / "data")},
        "enrollment_secret_files": {"*": str(secret)},
        "inventory_file": str(tmp / "city.yml"),
        "log_level": "warning",
    }
    (tmp / "collector.json").write_text(json.dumps(config))
    log = (tmp / "collector.log").open("wb")
    command = [
        "taskset",
        "-c",
        COLLECTOR_CORE,
        sys.executable,
        "-m",
        "collector.cli",
        "serve",
        "--config",
        str(tmp / "collector.json"),
    ]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the collector exited; see {tmp / 'collector.log'}")
        try:
            import urllib.request

            urllib.request.urlopen(url + "/readyz", timeout=2)
            return proc, url, secret
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the collector did not become ready in 60 s")


class Phase:
    """One run of the simulator child: started pinned, read, stopped with SIGINT."""

    def __init__(
        self,
        tmp: Path,
        url: str,
        secret: Path,
        args: argparse.Namespace,
        interval: float,
        connections: int,
        profile: bool = False,
        batch: int = 50,
    ) -> None:
        self.stats_file = tmp / "stats.json"
        self.stats_file.unlink(missing_ok=True)
        command = [
            "taskset",
            "-c",
            SIMULATOR_CORE,
            sys.executable,
            __file__,
            "--child",
            "--url",
            url,
            "--secret-file",
            str(secret),
            "--machines",
            str(args.machines),
            "--interval",
            str(interval),
            "--connections",
            str(connections),
            "--state",
            str(tmp / "state"),
            "--stats-file",
            str(self.stats_file),
            "--batch",
            str(batch),
        ]
        if profile:
            command.append("--profile")
        self.proc = subprocess.Popen(command, cwd=ROOT)

    def stats(self) -> dict[str, Any]:
        """Return the child's last counters ({} before the first)."""
        try:
            return dict(json.loads(self.stats_file.read_text()))
        except (OSError, ValueError):
            return {}

    def wait_for(self, what: str, done: Any, seconds: float) -> None:
        """Poll the counters until `done(stats)`; fail after `seconds`."""
        deadline = time.monotonic() + seconds
        while not done(self.stats()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"simulator: no {what} within {seconds:g} s: {self.stats()}")
            time.sleep(0.5)

    def stop(self) -> None:
        """SIGINT the child and wait for it to save its state; dump its stacks if it hangs."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(120)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGUSR1)  # faulthandler: where it is stuck
            time.sleep(1)
            self.proc.kill()
            raise


def window(phase: Phase, collector: subprocess.Popen[bytes], seconds: float) -> dict[str, Any]:
    """Measure `seconds` of a running phase: rates, CPU of both processes, busy cores."""

    def snap() -> tuple[float, dict[str, Any], float, float, float, float]:
        return (
            time.monotonic(),
            phase.stats(),
            cpu_seconds(phase.proc.pid),
            cpu_seconds(collector.pid),
            core_busy(SIMULATOR_CORE),
            core_busy(COLLECTOR_CORE),
        )

    t0, s0, sim0, col0, core_s0, core_c0 = snap()
    time.sleep(seconds)
    t1, s1, sim1, col1, core_s1, core_c1 = snap()
    wall = t1 - t0
    acked = s1["acknowledged"] - s0["acknowledged"]
    sim_cpu, col_cpu = sim1 - sim0, col1 - col0
    return {
        "seconds": round(wall, 1),
        "acknowledged": acked,
        "reports_per_second": round(acked / wall, 1),
        "simulator_cpu_share": round(sim_cpu / wall, 3),
        "simulator_reports_per_cpu_second": round(acked / sim_cpu, 1) if sim_cpu else None,
        "collector_cpu_share": round(col_cpu / wall, 3),
        "collector_reports_per_cpu_second": round(acked / col_cpu, 1) if col_cpu else None,
        "others_on_simulator_core": round(max(0.0, (core_s1 - core_s0) - sim_cpu) / wall, 3),
        "others_on_collector_core": round(max(0.0, (core_c1 - core_c0) - col_cpu) / wall, 3),
        "refused": s1["refused"] - s0["refused"],
        "failures": s1["failures"],
        "queued_at_end": s1["queued"],
    }


def stages(machines: int, reports: int = 3000) -> dict[str, float]:
    """Time, in process on the simulator's core, what one report costs before the network."""
    os.sched_setaffinity(0, {int(SIMULATOR_CORE)})
    city = build_city(SEED, machines, list(load(HCMC_UNITS).wards.values()))
    links = Links([u.ward.code for u in city.units], city.degraded)
    now = datetime.datetime.now(datetime.UTC)
    builders = [Reports(SEED, m, now) for m in city.machines[:reports]]
    t0 = time.process_time()
    built = [b.build(2, now, b.machine.ward, links, False) for b in builders]
    t1 = time.process_time()
    bodies = [orjson.dumps(r) for r in built]
    t2 = time.process_time()
    for body in bodies:
        gzip.compress(b'{"reports":[' + body + b"]}", 6)
    t3 = time.process_time()
    per = {"build": (t1 - t0) / reports, "encode": (t2 - t1) / reports, "gzip": (t3 - t2) / reports}
    figures = {f"{k}_microseconds": round(v * 1e6, 1) for k, v in per.items()}
    figures["reports_per_cpu_second"] = round(1 / sum(per.values()), 0)
    return figures


PHASES = (  # name, interval s, connections, reports per request at most
    ("paced", 60.0, 16, 50),  # the city at its real pace: 20,000 every 60 s
    ("fast", 15.0, 32, 1),  # four times the floor, one report a request as live agents send
)


def drained(machines: int) -> Any:
    """Return a test that the backlog is gone: under 1% of the agents waiting."""
    return lambda s: s.get("acknowledged", 0) > 0 and s.get("queued", machines) < machines / 100


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Enroll the city, then run each phase against one collector; return the figures."""
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="wardwatch-simbench-") as name:
        tmp = Path(name)
        collector, url, secret = start_collector(tmp, args.machines)
        try:
            city = build_city(SEED, args.machines, list(load(HCMC_UNITS).wards.values()))
            enrollable = sum(m.reporting in ("always", "stops") for m in city.machines)
            started = time.monotonic()
            for n, (phase, interval, connections, batch) in enumerate(PHASES):
                running = Phase(
                    tmp,
                    url,
                    secret,
                    args,
                    interval,
                    connections,
                    profile=args.profile and phase == "fast",
                    batch=batch,
                )
                if n == 0:
                    running.wait_for(
                        "enrollment", lambda s: s.get("enrolled", 0) >= enrollable, 900
                    )
                    result["enroll_seconds"] = round(time.monotonic() - started, 1)
                    print(
                        f"enrolled {enrollable:,} agents in {result['enroll_seconds']} s",
                        flush=True,
                    )
                # Measured once the backlog drained, or after 2 minutes anyway: on a shared
                # machine the collector's core may not keep up, which the figures then show.
                with contextlib.suppress(RuntimeError):
                    running.wait_for("a drained backlog", drained(args.machines), 120)
                result[phase] = {"queued_at_start": running.stats().get("queued")}
                result[phase] |= window(running, collector, args.window_seconds)
                result[phase]["interval_seconds"] = interval
                print(f"{phase}: {result[phase]}", flush=True)
                running.stop()
        finally:
            collector.send_signal(signal.SIGTERM)
            collector.wait(60)
    return {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": describe_machine(),
        "machines": args.machines,
        "enrollable_agents": enrollable,
        **result,
        "floor_reports_per_second": round(FLOOR_RATE, 1),
        "before_the_network": stages(args.machines),
    }


def describe_machine() -> dict[str, Any]:
    """Describe the machine the figures were taken on."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load1, load5, _ = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "load_average_at_end": [round(load1, 2), round(load5, 2)],
    }


def table(result: dict[str, Any]) -> str:
    """Return the figures as the README's table rows."""
    rows = []
    for name, *_ in PHASES:
        r = result[name]
        rows.append(
            f"| {name} | {r['reports_per_second']:,.0f} | {r['simulator_cpu_share']:.0%} | "
            f"{r['simulator_reports_per_cpu_second'] or 0:,.0f} | {r['collector_cpu_share']:.0%} | "
            f"{r['collector_reports_per_cpu_second'] or 0:,.0f} | {r['refused']:,} |"
        )
    return "\n".join(rows)


def main() -> None:
    """Parse the command line; run the child or the benchmark."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--machines", type=int, default=20000)
    p.add_argument("--window-seconds", type=float, default=60.0, help="each phase's measurement")
    p.add_argument("--profile", action="store_true")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    for name in ("--url", "--secret-file", "--state", "--stats-file"):
        p.add_argument(name, help=argparse.SUPPRESS)
    p.add_argument("--interval", type=float, default=60.0, help=argparse.SUPPRESS)
    p.add_argument("--connections", type=int, default=16, help=argparse.SUPPRESS)
    p.add_argument("--batch", type=int, default=50, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args)
        return
    result = run(args)
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps(result, indent=2) + "\n")
    print(
        "| phase | reports/s | simulator core | reports per simulator CPU s | collector core "
        "| reports per collector CPU s | refused |"
    )
    print(table(result))


if __name__ == "__main__":
    main()
