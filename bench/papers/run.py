"""Benchmark the documents for officials on a whole city: 168 units, 20,000 machines.

A SQLite store is filled through the collector's own store functions (bench/papers/city.py,
not timed); then, pinned to one core, each step is timed as the command line and /reports
run it: reading the store (the fleet and the moves) and the inventory, then building each
document and writing it in each format. Goals: every document as JSON or CSV under 2 s,
the PDF of every handover record under 10 s. There is no peer to run beside it: the
documents replace what officials would otherwise assemble by hand from Grafana.

    python bench/papers/run.py [--machines 20000] [--moved-ratio 1.0] [--repeat 3]
        [--documents reinvestment handover readiness] [--formats json csv xlsx html pdf]

Writes bench/results/papers.json and prints a table. Times are medians of --repeat (the
PDFs and the loads: one run each).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "papers")]

from city import build_store  # noqa: E402

from collector import config as collector_config  # noqa: E402
from collector.engine_wiring import rebuild_fleet  # noqa: E402
from collector.inventory_uploads import current_inventory  # noqa: E402
from collector.papers.catalogue import render  # noqa: E402
from collector.papers.sources import from_store  # noqa: E402
from collector.store import make_engine  # noqa: E402
from collector.store.engine import reader  # noqa: E402
from collector.store.handovers import list_handover_sightings  # noqa: E402
from inventory.model import Inventory  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "papers.json"
DOCUMENTS = ("reinvestment", "handover", "readiness")
FORMATS = ("json", "csv", "xlsx", "html", "pdf")


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, float, Any]:
    """Run `fn` `repeat` times; return the median wall and CPU seconds and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return round(statistics.median(walls), 3), round(statistics.median(cpus), 3), result


def pages(body: bytes) -> int:
    """Count a PDF's pages with pdfinfo (poppler-utils)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def loads(config_path: Path) -> dict[str, Any]:
    """Time reading the store and the inventory apart, then together as the command does."""
    config = collector_config.load(config_path)
    engine = make_engine(config.storage.resolved_url())
    fleet_s = timed(lambda: rebuild_fleet(engine, Inventory()))[0]
    with reader(engine).connect() as conn:
        moves_s = timed(lambda: list_handover_sightings(conn))[0]
    engine.dispose()
    inventory_s = timed(lambda: current_inventory(config))[0]
    wall, cpu, inputs = timed(lambda: from_store(config))
    return {
        "fleet_seconds": fleet_s,
        "moves_seconds": moves_s,
        "inventory_seconds": inventory_s,
        "from_store_seconds": wall,
        "from_store_cpu_seconds": cpu,
        "inputs": inputs,
    }


def documents(inputs: Any, repeat: int, names: list[str], formats: list[str]) -> dict[str, Any]:
    """Time the documents `names` in `formats`, from inputs already read."""
    figures: dict[str, Any] = {}
    for document in names:
        for fmt in [f for f in ("json", "csv", "xlsx", "html") if f in formats]:
            wall, cpu, written = timed(lambda d=document, f=fmt: render(d, f, inputs), repeat)
            figures[f"{document}.{fmt}"] = {"seconds": wall, "cpu_seconds": cpu,
                                            "bytes": len(written.body)}  # fmt: skip
        if "pdf" not in formats:
            continue
        wall, cpu, written = timed(lambda d=document: render(d, "pdf", inputs))
        body = written.body
        figures[f"{document}.pdf"] = {"seconds": wall, "cpu_seconds": cpu,
                                      "bytes": len(body), "pages": pages(body)}  # fmt: skip
        print(f"  {document}: pdf {wall} s", file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--machines", type=int, default=20_000)
    moved = "share of the machines enrolled under a former unit, then moved"
    parser.add_argument("--moved-ratio", type=float, default=1.0, help=moved)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--core", type=int, default=0, help="the one CPU to run on")
    parser.add_argument("--documents", nargs="+", choices=DOCUMENTS, default=list(DOCUMENTS))
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.core})
    with tempfile.TemporaryDirectory(prefix="wardwatch-papers-") as folder:
        started = time.perf_counter()
        config = build_store(Path(folder), args.machines, args.moved_ratio, time.time())
        print(f"store filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        load = loads(config)
        inputs = load.pop("inputs")
        figures = documents(inputs, args.repeat, args.documents, args.formats)
    result = {
        "machines": args.machines, "moved_ratio": args.moved_ratio, "units": 168,
        "moves": len(inputs.moves), "repeat": args.repeat, "python": platform.python_version(),
        "load": load, "documents": figures,
    }  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "documents"}, indent=2))
    for name, f in figures.items():
        extra = f" {f['pages']} pages" if "pages" in f else ""
        times = f"{f['seconds']:8.3f} s  cpu {f['cpu_seconds']:8.3f} s"
        print(f"{name:22} {times}  {f['bytes']:>11,} B{extra}")


if __name__ == "__main__":
    main()
