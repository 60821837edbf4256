"""What each ingest step costs inside the running collector: the same load, steps removed.

    python bench/ingest/ablate.py [--variants http,decode,judge,nostore,full,...]
        [--connections 100] [--duration 4] [--agents 1000] [--rounds 3] [--postgres [URL]]

Each variant starts the real collector (one uvicorn worker, core 0; wrk on core 1, one
~6 KB report per request, as run.py) with part of Ingest.batch replaced:
  http     answer after auth and reading the body (HTTP, FastAPI app, auth, response)
  decode   + split, decode and validate each report
  judge    + evaluate() and the IngestItem (compact_history, ...)
  nostore  + fleet update and metrics, the group committer answering without a store
  full     the product as it is
and, to split the store step:
  fakecommit   the writer thread and futures kept, the commit answering at once
  sleepcommit  the same, the commit sleeping 3 ms (an fsync's wait without its CPU)
  noavail  the availability counts (collector/availability.py) neither read nor kept
  nogc     the cyclic garbage collector disabled once started (what it costs at this load)
  onewriter  one group-commit writer thread whatever the store (PostgreSQL's default is 2)
  profile  the product under cProfile (the event loop's thread), written to
           bench/out/ingest-loop.prof for `python -m pstats`
and candidate speed-ups, each patched on top of full (PROPOSALS; those measured so far, the
ingest route before FastAPI, the memoised OS lookup, orjson history, the gc settings and
asyncio's loop, are in the product now).
The difference between neighbours is what that step costs per report on one core. The
figure is the collector's CPU time (utime + stime from /proc, all threads) per report,
median over --rounds runs. All variants are started first and loaded in turn, round after
round, so that other work on a shared machine falls on all of them alike. The store is
SQLite, or with --postgres a fresh PostgreSQL database per variant (dropped at the end).
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT)]

import enroll as setup  # noqa: E402
import run  # noqa: E402

STEPS = ("http", "decode", "judge", "nostore", "full")
PROPOSALS: tuple[str, ...] = ()  # candidate speed-ups, each patched on top of "full"


def _stub_batch(upto: str) -> None:
    """Make Ingest.batch stop after step `upto` ("http", "decode" or "judge") and ack."""
    from collector.ingest.decode import Decoded, decode, split
    from collector.ingest.pipeline import Ingest, Outcome

    async def batch(self: Ingest, *args: Any) -> Outcome:  # (agent_id, ..., body, type)
        out = Outcome()
        if upto == "http":
            out.acknowledged.append(1)
            return out
        for raw in split(*args[-2:]):
            checked = decode(raw)
            assert isinstance(checked, Decoded)
            if upto == "judge":
                self._judge(checked, now=time.time(), live=True)
            out.acknowledged.append(checked.seq)
        return out

    Ingest.batch = batch  # type: ignore[method-assign]


def _no_store() -> None:
    from collector.ingest.group_commit import GroupCommitter
    from collector.store.reports import SaveResult

    async def submit(self: GroupCommitter[Any, Any], items: Any) -> list[SaveResult]:
        return [SaveResult(i.agent_id, i.seq, "latest") for i in items]

    GroupCommitter.submit = submit  # type: ignore[method-assign]


def _fake_commit(wait_seconds: float) -> None:
    """Keep the writer thread and the futures; replace the store by a constant answer."""
    import time

    import collector.runtime as runtime_mod
    from collector.ingest.group_commit import GroupCommitter
    from collector.store.reports import SaveResult

    def commit(items: Any) -> list[SaveResult]:
        if wait_seconds:
            time.sleep(wait_seconds)  # an fsync's wait, without its CPU
        return [SaveResult(i.agent_id, i.seq, "latest") for i in items]

    class Fake(GroupCommitter[Any, Any]):
        def __init__(self, _commit: Any, *args: Any) -> None:
            super().__init__(commit, *args)

    runtime_mod.GroupCommitter = Fake  # type: ignore[misc]


def _profiled() -> None:
    """Profile the event loop's thread for the whole run, into bench/out/ingest-loop.prof."""
    import atexit
    import cProfile

    profile = cProfile.Profile()
    profile.enable()

    def dump() -> None:
        profile.disable()
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
        profile.dump_stats(ROOT / "bench" / "out" / "ingest-loop.prof")

    atexit.register(dump)


def _no_availability() -> None:
    from collector.availability import Availability

    Availability.record_outcomes = lambda self, *args: None  # type: ignore[method-assign]
    Availability.ratios = lambda self, *args: {}  # type: ignore[method-assign]


def _no_gc() -> None:
    """Disable the cyclic garbage collector once the collector has set its thresholds."""
    import gc

    real = gc.set_threshold

    def set_threshold(*args: int) -> None:
        real(*args)
        gc.disable()

    gc.set_threshold = set_threshold  # type: ignore[assignment]


def _one_writer() -> None:
    from collector.config import StorageConfig

    StorageConfig.writer_count = lambda self: 1  # type: ignore[method-assign]


PATCHES: dict[str, Any] = {
    "http": lambda: _stub_batch("http"),
    "decode": lambda: _stub_batch("decode"),
    "judge": lambda: _stub_batch("judge"),
    "nostore": _no_store,
    "fakecommit": lambda: _fake_commit(0.0),
    "sleepcommit": lambda: _fake_commit(0.003),
    "full": lambda: None,
    "profile": _profiled,
    "noavail": _no_availability,
    "nogc": _no_gc,
    "onewriter": _one_writer,
}


def patch(variant: str) -> None:
    """Replace parts of the collector in this process for `variant` ("a+b": several)."""
    for name in variant.split("+"):
        if name not in PATCHES:
            raise SystemExit(f"unknown variant {name}; known: {', '.join(PATCHES)}")
        PATCHES[name]()


def serve(variant: str, config: str) -> None:
    """Run the collector with `variant` patched in (the child process)."""
    patch(variant)
    from collector.cli import main

    sys.exit(main(["serve", "--config", config]))


def start(
    variant: str, args: argparse.Namespace, tmp: Path, url: str | None
) -> tuple[Any, int, Path, Any]:
    """Start one variant's collector, enroll and warm it; return (process, port, dir, log)."""
    port = run.free_port()
    secret = tmp / f"secret-{variant}"
    secret.write_text(secrets.token_hex(24) + "\n")
    config = {
        "listen": {"host": "127.0.0.1", "port": port},
        "storage": {"data_directory": str(tmp / f"data-{variant}"), "url": url},
        "limits": {"agent_burst_reports": 10**9, "agent_reports_per_second": 10**9},
        "enrollment_secret_files": {"*": str(secret)},
        "log_level": "warning",
    }
    config_file = tmp / f"collector-{variant}.json"
    config_file.write_text(json.dumps(config))
    work = tmp / f"wrk-{variant}"
    log = (tmp / f"collector-{variant}.log").open("wb")
    command = ["taskset", "-c", run.SERVER_CORE, sys.executable, str(HERE / "ablate.py"),
               "--serve", variant, "--config", str(config_file)]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        run.wait_http(port, "/readyz", proc)
        setup.enroll(f"http://127.0.0.1:{port}", secret.read_text().strip(), args.agents, work)
        run.warm_up(port, work, args.agents)
    except BaseException:
        run.stop(proc)
        log.close()
        raise
    return proc, port, work, log


def load(proc: Any, port: int, work: Path, round_: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run wrk once against a started variant; return its figures and CPU per report."""
    before = run.proc_figures(proc.pid)
    raw = run.wrk(port, "ingest.lua", [str(work), str((round_ + 1) * run.SEQ_STEP), "1"],
                  args.connections, args.duration)  # fmt: skip
    after = run.proc_figures(proc.pid)
    got = run.figures(raw, 1)
    got["cpu_seconds"] = after["cpu_seconds"] - before["cpu_seconds"]
    got["cpu_us_per_report"] = got["cpu_seconds"] / max(got["reports"], 1) * 1e6
    return got


def main() -> None:
    """Measure every variant, interleaved, and print the per-report cost of each step."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--variants", default=",".join(STEPS + PROPOSALS))
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--duration", type=float, default=4.0)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per variant, interleaved")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=run.DEFAULT_POSTGRES,
        default=None,
        help="store on PostgreSQL: a fresh database per variant, created via URL",
    )
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.config)
        return
    variants = args.variants.split(",")
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="wardwatch-ablate-") as name:
        started: dict[str, tuple[Any, int, Path, Any]] = {}
        drops: list[Any] = []
        try:
            for variant in variants:  # every variant idles on core 0 while another is loaded
                url = None
                if args.postgres:
                    url, drop = run.postgres_database(args.postgres)
                    drops.append(drop)
                started[variant] = start(variant, args, Path(name), url)
            for round_ in range(args.rounds):
                for variant in variants:
                    proc, port, work, _ = started[variant]
                    runs[variant].append(load(proc, port, work, round_, args))
                print(f"round {round_ + 1}: " + ", ".join(
                    f"{v} {runs[v][-1]['cpu_us_per_report']:.0f}" for v in variants
                ) + " CPU µs/report", flush=True)  # fmt: skip
        finally:
            for proc, _, _, log in started.values():
                run.stop(proc)
                log.close()
            for drop in drops:
                drop()
    cost: dict[str, float] = {}
    print("\nmedian over rounds (collector CPU µs per report; wall rate; latency):")
    for variant in variants:
        got = runs[variant]
        cost[variant] = statistics.median(r["cpu_us_per_report"] for r in got)
        bad = [r["errors"] for r in got if not r["valid"]]
        print(f"  {variant:24s} {cost[variant]:6.0f} µs  "
              f"{statistics.median(r['reports_per_s'] for r in got):6.0f} reports/s  "
              f"p50 {statistics.median(r['p50_ms'] for r in got):6.1f} ms  "
              f"p99 {statistics.median(r['p99_ms'] for r in got):6.1f} ms"
              f"{'  ERRORS ' + json.dumps(bad) if bad else ''}")  # fmt: skip
    print("\nstep costs (from neighbouring variants):")
    previous = 0.0
    for variant in STEPS:
        if variant in cost:
            print(f"  {variant:10s} {cost[variant] - previous:6.0f} µs")
            previous = cost[variant]
    if "full" in cost:
        for variant in cost:
            if variant not in STEPS:
                print(f"  {variant:24s} saves {cost['full'] - cost[variant]:6.0f} µs vs full "
                      f"({(cost['full'] - cost[variant]) / cost['full']:.0%})")  # fmt: skip


if __name__ == "__main__":
    main()
