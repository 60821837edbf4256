"""What each ingest step costs inside the running collector: the same load, steps removed.

    python bench/ingest/ablate.py [--variants http,decode,judge,nostore,full,...]
        [--connections 100] [--duration 6] [--agents 1000] [--repeat 1]

Each variant starts the real collector (one uvicorn worker, core 0; wrk on core 1, one
~6 KB report per request, as run.py) with part of Ingest.batch replaced:
  http     answer after auth and reading the body (HTTP, FastAPI app, auth, response)
  decode   + split, decode and validate each report
  judge    + evaluate() and the IngestItem (compact_history, ...)
  nostore  + fleet update and metrics, the group committer answering without a store
  full     the product as it is
and the candidate speed-ups, each on top of full:
  oscache  find_release (the OS end-of-support lookup) memoized on the report's os facts
  asgi     the ingest route served before FastAPI's middleware stack and router
  orjsonhist  compact_history serialised with orjson instead of json
The difference between neighbours is what that step costs per report on one core. The
figure is the collector's CPU time (utime + stime from /proc, all threads) per report,
which other work on a shared machine barely changes; wall-clock rates are printed too.
"""

from __future__ import annotations

import argparse
import functools
import json
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT)]

import enroll as setup  # noqa: E402
import run  # noqa: E402

STEPS = ("http", "decode", "judge", "nostore", "full")
PROPOSALS = ("oscache", "asgi", "orjsonhist")


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
                self._judge(checked, live=True)
            out.acknowledged.append(checked.seq)
        return out

    Ingest.batch = batch  # type: ignore[method-assign]


def _no_store() -> None:
    from collector.ingest.group_commit import GroupCommitter
    from collector.store.reports import SaveResult

    async def submit(self: GroupCommitter[Any, Any], items: Any) -> list[SaveResult]:
        return [SaveResult(i.agent_id, i.seq, "latest") for i in items]

    GroupCommitter.submit = submit  # type: ignore[method-assign]


def _os_cache() -> None:
    from collector.standard import os_rules, os_support

    original = os_support.find_release

    @functools.lru_cache(maxsize=4096)
    def cached(key: tuple[Any, ...], table: Any) -> Any:
        return original(dict(key), table)

    def find_release(os_facts: Any, table: Any) -> Any:
        return cached(tuple((k, _hashable(v)) for k, v in os_facts.items()), table)

    os_rules.find_release = find_release


def _asgi_first() -> None:
    from starlette.routing import request_response

    import collector.app as app_mod
    from collector.api import reports

    make = app_mod.create_app

    def create_app(config: Any) -> Any:
        inner = make(config)
        ingest = request_response(reports.post_reports)

        async def app(scope: Any, receive: Any, send: Any) -> None:
            ours = scope["type"] == "http" and scope["path"] == reports.PATH
            if ours and scope["method"] == "POST":
                scope["app"] = inner
                await ingest(scope, receive, send)
            else:
                await inner(scope, receive, send)

        return app

    app_mod.create_app = create_app


def _orjson_history() -> None:
    import orjson

    from collector.ingest import pipeline
    from collector.store import history

    def compact_history(report: Any) -> str:
        health = report.get("health") or {}
        record: dict[str, Any] = {key: health.get(key) for key in history._HEALTH}
        record["filesystems"] = [
            [fs["mount"], fs["used_ratio"]] for fs in health.get("filesystems", ())
        ]
        record["probes"] = [
            [p.get(key) for key in history._PROBE] for p in report.get("probes", ())
        ]
        return orjson.dumps(record).decode()

    pipeline.compact_history = compact_history  # type: ignore[assignment]


PATCHES: dict[str, Any] = {
    "http": lambda: _stub_batch("http"),
    "decode": lambda: _stub_batch("decode"),
    "judge": lambda: _stub_batch("judge"),
    "nostore": _no_store,
    "full": lambda: None,
    "oscache": _os_cache,
    "asgi": _asgi_first,
    "orjsonhist": _orjson_history,
}


def patch(variant: str) -> None:
    """Replace parts of the collector in this process for `variant` ("a+b": several)."""
    for name in variant.split("+"):
        if name not in PATCHES:
            raise SystemExit(f"unknown variant {name}; known: {', '.join(PATCHES)}")
        PATCHES[name]()


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def serve(variant: str, config: str) -> None:
    """Run the collector with `variant` patched in (the child process)."""
    patch(variant)
    from collector.cli import main

    sys.exit(main(["serve", "--config", config]))


def measure(variant: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Start one variant, enroll and warm it, load it; return wrk's figures."""
    port = run.free_port()
    secret = tmp / "secret"
    secret.write_text(secrets.token_hex(24) + "\n")
    data = tmp / f"data-{variant}"
    config = {
        "listen": {"host": "127.0.0.1", "port": port},
        "storage": {"data_directory": str(data)},
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
        out = []
        for i in range(args.repeat):
            before = run.proc_figures(proc.pid)
            raw = run.wrk(port, "ingest.lua", [str(work), str((i + 1) * run.SEQ_STEP), "1"],
                          args.connections, args.duration)  # fmt: skip
            after = run.proc_figures(proc.pid)
            got = run.figures(raw, 1)
            got["cpu_seconds"] = round(after["cpu_seconds"] - before["cpu_seconds"], 2)
            out.append(got)
        for r in out:
            r["reports_per_cpu_second"] = r["reports"] / r["cpu_seconds"]
        best = max(out, key=lambda r: r["reports_per_cpu_second"])
        best["all_rates"] = [round(r["reports_per_cpu_second"]) for r in out]
        return best
    finally:
        run.stop(proc)
        log.close()


def main() -> None:
    """Measure every variant and print the per-report cost of each step."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--variants", default=",".join(STEPS + PROPOSALS))
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--duration", type=float, default=6.0)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="wrk runs per variant; best kept")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.config)
        return
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="wardwatch-ablate-") as name:
        for variant in args.variants.split(","):
            got = measure(variant, args, Path(name))
            results[variant] = got
            us = 1e6 / got["reports_per_cpu_second"]
            print(f"{variant:22s} {got['reports_per_cpu_second']:7.0f} reports/CPU s  "
                  f"{us:6.1f} CPU µs/report  ({got['reports_per_s']:.0f} reports/s wall, "
                  f"p50 {got['p50_ms']:.1f} ms, p99 {got['p99_ms']:.1f} ms, "
                  f"{got['cpu_seconds']} CPU s)  runs {got['all_rates']}"
                  f"{'' if got['valid'] else '  ERRORS ' + json.dumps(got['errors'])}",
                  flush=True)  # fmt: skip
    previous = None
    print("\nstep costs (collector CPU µs per report, from neighbouring variants):")
    for variant in STEPS:
        if variant in results:
            us = 1e6 / results[variant]["reports_per_cpu_second"]
            print(f"  {variant:10s} {us - (previous or 0):7.1f}")
            previous = us
    if "full" in results:
        full = 1e6 / results["full"]["reports_per_cpu_second"]
        for variant in results:
            if "+" in variant or variant in PROPOSALS:
                us = 1e6 / results[variant]["reports_per_cpu_second"]
                print(f"  {variant:22s} saves {full - us:7.1f} µs/report vs full")


if __name__ == "__main__":
    main()
