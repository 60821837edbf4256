"""Benchmark the city overview's queries at city scale: raw joins beside recorded rollups.

A real collector holds --machines machines of the simulated city (`wardwatch-simulate`:
the 168 units' machines enrolling and reporting every --report-seconds over HTTP); a real
Prometheus scrapes it every --scrape-seconds and evaluates dashboards/rules/ every
--evaluation-seconds. Once every machine has reported, and after --minutes of data, every
query of the city overview (dashboards/vi/city-overview.json, all units and roles selected)
is timed through Prometheus' HTTP API as Grafana sends it: the recorded form the dashboard
uses, and the raw form that computes the same from the per-machine series
(dashboards/rollups.py `unrecorded`), in turn, --repeat times each. Then the whole
dashboard at once, every query in parallel as Grafana loads it.

    python bench/dashboards/run.py [--machines 20000] [--minutes 10] [--repeat 3]

Writes bench/results/dashboards.json and prints a table; bench/dashboards/README.md keeps
the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "dashboards"), str(ROOT / "tests" / "e2e")]

from deployment import Collector  # noqa: E402
from live_city import Prometheus, PrometheusError, collector_for  # noqa: E402
from panel_queries import PanelQuery, queries, substitute  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from simulated_city import SimulatedCity  # noqa: E402

from dashboards.rollups import unrecorded  # noqa: E402

OUT = ROOT / "bench" / "out" / "dashboards"
RESULTS = ROOT / "bench" / "results" / "dashboards.json"
console = Console()


def timed(prometheus: Prometheus, expr: str, q: PanelQuery, window: tuple[float, float, float]
          ) -> tuple[float, int | None]:  # fmt: skip
    """Return the seconds one query took through the HTTP API, and its series count (None:
    Prometheus gave up, at its --query.timeout of 2 minutes)."""
    start, end, step = window
    began = time.perf_counter()
    try:
        if q.instant:
            series = prometheus.query(expr, end)
        else:
            series = prometheus.query_range(expr, start, end, step)
    except PrometheusError:
        return time.perf_counter() - began, None
    return time.perf_counter() - began, len(series)


def measure(prometheus: Prometheus, q: PanelQuery, values: dict[str, str],
            window: tuple[float, float, float], repeat: int) -> dict[str, Any]:  # fmt: skip
    """Time `q` recorded and raw, alternately, `repeat` times each."""
    recorded = substitute(q.expr, values)
    raw = unrecorded(recorded)
    runs: dict[str, list[float]] = {"recorded": [], "raw": []}
    series: dict[str, int | None] = {}
    for _ in range(repeat):
        for form, expr in (("recorded", recorded), ("raw", raw)):
            seconds, series[form] = timed(prometheus, expr, q, window)
            runs[form].append(seconds)
    return {
        "panel": q.panel, "ref_id": q.ref_id, "kind": "instant" if q.instant else "range",
        "uses_rules": raw != recorded, "expr": recorded, "raw_expr": raw,
        "series": series,
        **{f"{form}_seconds_median": round(statistics.median(t), 4) for form, t in runs.items()},
        **{f"{form}_seconds_max": round(max(t), 4) for form, t in runs.items()},
    }  # fmt: skip


def whole_dashboard(prometheus: Prometheus, city_queries: list[PanelQuery],
                    values: dict[str, str], window: tuple[float, float, float],
                    raw: bool) -> dict[str, float | int]:  # fmt: skip
    """Send every query at once, as Grafana loads the dashboard; return the wall seconds until
    the last answer, the slowest query's and how many Prometheus gave up on."""

    def one(q: PanelQuery) -> tuple[float, int | None]:
        expr = substitute(q.expr, values)
        return timed(prometheus, unrecorded(expr) if raw else expr, q, window)

    began = time.perf_counter()
    with ThreadPoolExecutor(len(city_queries)) as pool:
        answers = list(pool.map(one, city_queries))
    return {"seconds": round(time.perf_counter() - began, 3),
            "slowest_seconds": round(max(seconds for seconds, _ in answers), 3),
            "timed_out": sum(1 for _, series in answers if series is None)}  # fmt: skip


def rule_costs(prometheus: Prometheus) -> dict[str, Any]:
    """Return the rule group's last evaluation time and each rule's, in seconds."""
    [group] = prometheus.api("rules", type="record")["groups"]
    rules = {r["name"]: round(r["evaluationTime"], 4) for r in group["rules"]}
    return {"group_seconds": round(group["evaluationTime"], 4), "rules": rules}


def reporting(city: SimulatedCity) -> int:
    """Return how many of the city's machines report (their own, not a clone's, never-ones)."""
    return sum(1 for m in city.plan["machines"] if m["reporting"] in ("always", "stops"))


def enrolled(prometheus: Prometheus, city: SimulatedCity) -> float:
    """Wait until the collector holds every reporting machine; return the seconds it took."""
    wanted, began = reporting(city), time.perf_counter()
    with Progress(console=console) as progress:
        task = progress.add_task("machines enrolled and reporting", total=wanted)
        while True:
            city.check()
            held = prometheus.query("sum(wardwatch_fleet_machines)", time.time())
            count = int(float(held[0]["value"][1])) if held else 0
            progress.update(task, completed=count)
            if count >= wanted:
                return time.perf_counter() - began
            time.sleep(5)


def wait(city: SimulatedCity, minutes: float) -> None:
    """Let the city report and Prometheus scrape for `minutes`, showing the time left."""
    with Progress(console=console) as progress:
        task = progress.add_task("collecting data", total=minutes * 60)
        began = time.time()
        while (done := time.time() - began) < minutes * 60:
            city.check()
            progress.update(task, completed=done)
            time.sleep(1)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark; return its results."""
    load_before = os.getloadavg()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    city = SimulatedCity(OUT, args.machines, args.report_seconds)
    collector: Collector = collector_for(OUT, city.write_inventory(), None, 86400)
    target = f"127.0.0.1:{collector.port}"
    prometheus = Prometheus(OUT, target, args.scrape_seconds, args.evaluation_seconds, 900.0)
    try:
        collector.start()
        prometheus.start()
        city.start(collector, connections=16)
        enroll_seconds = enrolled(prometheus, city)
        console.print(f"every machine reporting after {enroll_seconds:.0f} s")
        started = time.time()
        wait(city, args.minutes)
        end = time.time()
        [scrape] = prometheus.query("scrape_duration_seconds", end)
        console.print(f"last scrape of /metrics: {float(scrape['value'][1]):.1f} s; "
                      f"rules: {rule_costs(prometheus)['group_seconds']} s")  # fmt: skip
        window = (started, end, float(args.scrape_seconds))
        values = {
            "unit": ".*",
            "role": ".*",
            "__rate_interval": f"{4 * args.scrape_seconds}s",
            "__interval": f"{args.scrape_seconds}s",
            "__range": f"{int(end - started)}s",
        }
        city_queries = [q for q in queries("vi") if q.dashboard == "city-overview"]
        rows = []
        with Progress(console=console) as progress:
            task = progress.add_task("timing the city overview's queries", total=len(city_queries))
            for q in city_queries:
                rows.append(measure(prometheus, q, values, window, args.repeat))
                console.print(line(rows[-1]))
                progress.advance(task)
        partial = {"machines": args.machines, "queries": rows}
        RESULTS.write_text(json.dumps(partial, ensure_ascii=False, indent=2) + "\n")
        with console.status("loading the whole dashboard, recorded then raw"):
            loads = {
                form: [
                    whole_dashboard(prometheus, city_queries, values, window, form == "raw")
                    for _ in range(args.repeat if form == "recorded" else 1)
                ]
                for form in ("recorded", "raw")
            }
        head = prometheus.api("status/tsdb")["headStats"]
        return {
            "machines": args.machines, "scrape_seconds": args.scrape_seconds,
            "evaluation_seconds": args.evaluation_seconds,
            "report_seconds": args.report_seconds, "minutes_of_data": args.minutes,
            "range_query": {"seconds": round(end - started), "step_seconds": args.scrape_seconds},
            "repeat": args.repeat, "cpus": os.cpu_count(), "enroll_seconds": round(enroll_seconds),
            "load_average_before": load_before, "load_average_after": os.getloadavg(),
            "prometheus_head_series": head["numSeries"],
            "prometheus_version": prometheus.api("status/buildinfo")["version"],
            "rule_evaluation": rule_costs(prometheus), "queries": rows,
            "dashboard": loads,
        }  # fmt: skip
    finally:
        city.stop()
        prometheus.stop()
        collector.stop()


def line(row: dict[str, Any]) -> str:
    """Return one query's figures: recorded and raw median milliseconds and their ratio."""
    ratio = row["raw_seconds_median"] / max(row["recorded_seconds_median"], 1e-6)
    return (
        f"{row['panel'][:40]:40} {row['ref_id']} {row['kind']:7} "
        f"recorded {row['recorded_seconds_median'] * 1000:8.1f} ms  "
        f"raw {row['raw_seconds_median'] * 1000:8.1f} ms  x{ratio:5.1f}"
    )


def show(results: dict[str, Any]) -> None:
    """Print one line per query, then the whole dashboard and the rules' cost."""
    for row in results["queries"]:
        console.print(line(row))
    console.print(f"whole dashboard: {results['dashboard']}")
    console.print(f"rule group evaluation: {results['rule_evaluation']['group_seconds']} s")


def main() -> None:
    """Parse the arguments, run, write the results file and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--machines", type=int, default=20000)
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--scrape-seconds", type=int, default=30)
    parser.add_argument("--evaluation-seconds", type=int, default=60)  # Prometheus' default
    parser.add_argument("--report-seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=5)
    results = run(parser.parse_args())
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    show(results)
    console.print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
