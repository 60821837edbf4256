"""Benchmark /metrics: render time and RSS per machine at 1k, 20k and 100k synthetic machines.

Each size runs in its own subprocess (a fresh interpreter, so RSS growth is that of the
fleet and the renderer's cache alone). Pushgateway, if installed, is measured in the
same run at --peer-size machines, one push group per machine.

    python bench/exposition.py [--sizes 1000 20000 100000] [--peer-size 20000]

Writes bench/results/exposition.json and prints a table. Times are medians of --repeat.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from exposition_fleet import availability_counts, build_fleet, ward_views  # noqa: E402
from exposition_peer import measure_pushgateway  # noqa: E402
from prometheus_client import generate_latest  # noqa: E402

from collector.metrics import (  # noqa: E402
    InfoCache,
    SelfMetrics,
    WardView,
    build_registry,
    render,
    render_chunks,
)
from collector.state import Fleet  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "exposition.json"


def vm_rss_bytes() -> int:
    """Return this process's resident set size in bytes (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def timings(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    """Return the median and fastest wall time and the median CPU time of `fn`, in seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "median": round(statistics.median(walls), 4),
        "min": round(min(walls), 4),
        "cpu_median": round(statistics.median(cpus), 4),
    }


def series(body: bytes) -> int:
    """Count the sample lines of an exposition body without splitting it."""
    return body.count(b"\n") - body.count(b"\n#") - body.startswith(b"#")


def peak_rss_bytes() -> int:
    """Return this process's peak resident set size so far, in bytes (Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def worker(size: int, repeat: int, collector_max: int) -> dict[str, Any]:
    """Measure one fleet size in this process; return the figures."""
    now = time.time()
    fleet, views, info, memory = _build(size, now)
    figures: dict[str, Any] = {"machines": size, **memory}
    figures.update(_render_path(fleet, views, info, now, repeat))
    figures.update(_collector_path(fleet, views, now, repeat if size <= collector_max else 0))
    return figures


def _build(size: int, now: float) -> tuple[Fleet, list[WardView], InfoCache, dict[str, int]]:
    gc.collect()
    start = vm_rss_bytes()
    fleet = build_fleet(size, now)
    views = ward_views(fleet)
    counts = availability_counts(fleet, now)  # held beside the fleet, as ingest does
    gc.collect()
    built = vm_rss_bytes()
    info = InfoCache()
    for _ in render_chunks(fleet, views, None, now=now, info=info):
        pass  # the first scrape, streamed: fills the info cache
    gc.collect()
    figures = {
        "rss_fleet_per_machine_bytes": round((built - start) / size),
        "rss_fleet_and_cache_per_machine_bytes": round((vm_rss_bytes() - start) / size),
        "peak_rss_streaming_bytes": peak_rss_bytes(),
    }
    del counts  # measured with the fleet; the renderer never reads it
    return fleet, views, info, figures


def _render_path(
    fleet: Fleet, views: list[WardView], info: InfoCache, now: float, repeat: int
) -> dict[str, Any]:
    metrics = SelfMetrics(process=False)
    body = render(fleet, views, metrics, now=now, info=info)
    figures: dict[str, Any] = {
        "body_bytes": len(body),
        "peak_rss_render_bytes": peak_rss_bytes(),  # a whole body in memory, warm cache
        "series": series(body),
    }
    del body
    # Cold: the first scrape after start-up, every info line built. Warm: every later
    # scrape (values are formatted afresh each time: a machine reports every 60 s).
    figures["render_cold_seconds"] = timings(lambda: render(fleet, views, metrics, now=now), repeat)
    figures["render_warm_seconds"] = timings(
        lambda: render(fleet, views, metrics, now=now, info=info), repeat
    )
    return figures


def _collector_path(fleet: Fleet, views: list[Any], now: float, repeat: int) -> dict[str, Any]:
    if not repeat:
        return {"collector_path_seconds": None}
    registry = build_registry(fleet, lambda: views, None, clock=lambda: now)
    seconds = timings(lambda: generate_latest(registry), repeat)
    same = generate_latest(registry) == render(fleet, views, None, now=now)
    return {"collector_path_seconds": seconds, "collector_path_identical": same}


def _one_machine_body(fleet: Fleet, agent_id: str, now: float) -> bytes:
    single = Fleet()
    single.put(fleet.get(agent_id))  # type: ignore[arg-type]  # the id comes from the fleet
    lines = render(single, (), None, now=now).split(b"\n")
    # Keep a header only when a sample follows it; the fleet-wide gauge is not per machine.
    nxt = [*lines[1:], b""]
    keep = [
        a
        for a, b in zip(lines, nxt, strict=True)
        if a
        and not a.startswith(b"wardwatch_fleet_")
        and (not a.startswith(b"#") or (b and not b.startswith(b"#")))
    ]
    return b"\n".join(keep) + b"\n"


def peer(size: int, repeat: int) -> dict[str, Any]:
    """Measure Pushgateway holding the same machines' series, one group per machine."""
    now = time.time()
    fleet = build_fleet(size, now)
    bodies = [_one_machine_body(fleet, m.agent_id, now) for m in fleet.snapshot()]
    return measure_pushgateway(bodies, repeat)


def _run_worker(size: int, args: argparse.Namespace) -> dict[str, Any]:
    flags = ("--worker", size, "--repeat", args.repeat, "--collector-max", args.collector_max)
    cmd = [sys.executable, __file__, *map(str, flags)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"worker {size} failed ({done.returncode}):\n{done.stderr}")
    return dict(json.loads(done.stdout))


def _secs(timing: dict[str, float] | None) -> str:
    if timing is None:
        return "-"
    return f"{timing['median']} ({timing['min']}) cpu {timing['cpu_median']}"


def _table(rows: list[dict[str, Any]]) -> str:
    head = (
        "machines",
        "series",
        "body MB",
        "cold s: median (min) cpu",
        "warm s",
        "Collector-path s",
        "RSS/machine fleet",
        "+cache",
        "peak MB stream",
        "peak MB render",
    )
    out = [" | ".join(head)]
    for r in rows:
        cells = (
            r["machines"],
            r["series"],
            f"{r['body_bytes'] / 1e6:.1f}",
            _secs(r["render_cold_seconds"]),
            _secs(r["render_warm_seconds"]),
            _secs(r["collector_path_seconds"]),
            r["rss_fleet_per_machine_bytes"],
            r["rss_fleet_and_cache_per_machine_bytes"],
            round(r["peak_rss_streaming_bytes"] / 1e6),
            round(r["peak_rss_render_bytes"] / 1e6),
        )
        out.append(" | ".join(str(c) for c in cells))
    return "\n".join(out)


def main() -> None:
    """Run every size in its own subprocess, then the peer; write and print the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000, 100000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--collector-max",
        type=int,
        default=20000,
        help="largest size for which the prometheus_client path is timed",
    )
    parser.add_argument("--peer-size", type=int, default=20000, help="0 skips Pushgateway")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.repeat, args.collector_max)))
        return
    rows = [_run_worker(size, args) for size in args.sizes]
    result = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg(),
        "sizes": rows,
        "pushgateway": peer(args.peer_size, args.repeat) if args.peer_size else None,
    }
    result["load_average_after"] = os.getloadavg()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(_table(rows))
    print("pushgateway:", json.dumps(result["pushgateway"]))


if __name__ == "__main__":
    main()
