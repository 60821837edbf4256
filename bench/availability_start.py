"""Benchmark what the availability counts cost at collector start-up, and to save.

A fleet of --machines agents probing the standard's five link targets, one report a
minute. Two starts are timed (`rebuild_availability`, what `Runtime.start` runs):

- saved counts: every (machine, target)'s counts saved by the periodic job, plus the
  reports received since the last save (SAVE_EVERY_MINUTES + the replay margin: the most a
  crash can leave to count again);
- no saved counts (a first start on an older store): the whole window counted from
  history, measured at --full-machines and given per history row.

The save itself (`save_availability`, every few minutes on the jobs thread) is timed too.

    python bench/availability_start.py [--machines 20000] [--full-machines 2000]
        [--window-hours 12] [--postgres URL | --no-postgres]

Writes bench/results/availability_start.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import orjson  # noqa: E402
from sqlalchemy import Engine, insert  # noqa: E402

from bench.store_batch import postgres_schema  # noqa: E402
from collector.availability import BUCKETS, Availability  # noqa: E402
from collector.availability_rebuild import (  # noqa: E402
    REPLAY_MARGIN_SECONDS,
    SAVE_EVERY_MINUTES,
    rebuild_availability,
    save_availability,
)
from collector.store.engine import make_engine, sqlite_url  # noqa: E402
from collector.store.migrations import migrate  # noqa: E402
from collector.store.tables import agents, history  # noqa: E402
from standard.model import LinkStandard, load_standard  # noqa: E402

OUT = ROOT / "bench" / "out" / "availability_start"
RESULTS = ROOT / "bench" / "results" / "availability_start.json"
INTERVAL_SECONDS = 60.0
CHUNK = 20_000


def links_of(window_hours: float) -> dict[str, LinkStandard]:
    """Return the shipped standard's five links with their window set to `window_hours`."""
    import dataclasses

    window = window_hours * 3600
    return {
        name: dataclasses.replace(link, availability_window_seconds=window)
        for name, link in load_standard().links.items()
    }


def health(targets: list[str], seq: int) -> str:
    """Return a history record as compact_history writes it, one probe failing in 50."""
    probes = [[t, "timeout" if (seq + i) % 50 == 0 else "success", 0.0, 0.012, 0.002]
              for i, t in enumerate(targets)]  # fmt: skip
    record = {"cpu_used_ratio": 0.21, "memory_used_ratio": 0.55, "swap_used_ratio": 0.0,
              "load1": 0.4, "uptime_seconds": 86_400.0, "filesystems": [["C:\\\\", 0.41]],
              "probes": probes}  # fmt: skip
    return orjson.dumps(record).decode()


def fill(engine: Engine, machines: int, rows_each: int, end: float, targets: list[str]) -> None:
    """Enroll `machines` agents and give each `rows_each` minute reports ending at `end`."""
    ids = [f"{n:032x}" for n in range(machines)]
    with engine.begin() as conn:
        conn.execute(insert(agents), [
            {"agent_id": a, "ward": "phuong-ben-thanh", "hostname": f"pc-{n}",
             "role": "workstation", "token_hash": secrets.token_hex(32),
             "fingerprint": "f" * 64, "install_id": "b" * 32, "enrolled_at": end - 86_400,
             "last_seq": rows_each}
            for n, a in enumerate(ids)
        ])  # fmt: skip

    def rows() -> Iterator[dict[str, Any]]:
        for agent_id in ids:
            for seq in range(1, rows_each + 1):
                at = end - (rows_each - seq) * INTERVAL_SECONDS
                yield {"agent_id": agent_id, "seq": seq, "received_at": at, "collected_at": at,
                       "health": health(targets, seq)}  # fmt: skip

    batch: list[dict[str, Any]] = []
    for row in rows():
        batch.append(row)
        if len(batch) == CHUNK:
            with engine.begin() as conn:
                conn.execute(insert(history), batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            conn.execute(insert(history), batch)


def timed(action: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run `action`; return its result, wall seconds and CPU seconds of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    found = action()
    return found, time.perf_counter() - wall, time.process_time() - cpu


def full_window(
    engine: Engine, args: argparse.Namespace, links: dict[str, LinkStandard]
) -> dict[str, Any]:
    """Time a start with no saved counts: the whole window counted from history."""
    rows_each = int(args.window_hours * 3600 / INTERVAL_SECONDS)
    end = time.time()
    fill(engine, args.full_machines, rows_each, end, list(links))
    counts, wall, cpu = timed(lambda: rebuild_availability(engine, links, end))
    rows = args.full_machines * rows_each
    return {"machines": args.full_machines, "history_rows": rows, "wall_seconds": wall,
            "cpu_seconds": cpu, "microseconds_per_row": wall / rows * 1e6,
            "series": len(counts.export())}  # fmt: skip


def saved(
    engine: Engine, args: argparse.Namespace, links: dict[str, LinkStandard]
) -> dict[str, Any]:
    """Time a start from saved counts and the reports since the last save; time a save."""
    tail = int((SAVE_EVERY_MINUTES * 60 + REPLAY_MARGIN_SECONDS) / INTERVAL_SECONDS)
    end = time.time()
    fill(engine, args.machines, tail, end, list(links))
    memory = Availability()
    window = max(link.availability_window_seconds for link in links.values())
    for n in range(args.machines):  # a whole window of minute cycles, as counts
        for target in links:
            memory.record_outcomes(f"{n:032x}", [(target, True)], end - window / 2, links, 0)
            memory.record_outcomes(f"{n:032x}", [(target, True)], end - tail * 60, links, 0)
    _, save_wall, save_cpu = timed(lambda: save_availability(engine, memory, end - tail * 60))
    counts, wall, cpu = timed(lambda: rebuild_availability(engine, links, end))
    series = args.machines * len(links)
    assert len(counts.export()) == series
    return {"machines": args.machines, "series": series, "history_rows": args.machines * tail,
            "wall_seconds": wall, "cpu_seconds": cpu, "save_wall_seconds": save_wall,
            "save_cpu_seconds": save_cpu, "buckets": BUCKETS}  # fmt: skip


def backends(
    args: argparse.Namespace,
) -> Iterator[tuple[str, Callable[[], Engine], Callable[[], None]]]:
    """Yield each backend's name, a fresh-store opener and its clean-up."""

    def sqlite() -> Engine:
        shutil.rmtree(OUT, ignore_errors=True)
        return make_engine(sqlite_url(OUT))

    yield "sqlite", sqlite, lambda: shutil.rmtree(OUT, ignore_errors=True)
    if not args.no_postgres:
        url, drop = postgres_schema(args.postgres)
        yield "postgresql", lambda: make_engine(url), drop


def main() -> None:
    """Run both starts on each backend; print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--machines", type=int, default=20_000)
    parser.add_argument("--full-machines", type=int, default=2_000)
    parser.add_argument("--window-hours", type=float, default=12.0)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    links = links_of(args.window_hours)
    results: dict[str, Any] = {"window_hours": args.window_hours, "targets": len(links)}
    for name, open_engine, clean in backends(args):
        try:
            for label, measure in (("saved_counts", saved), ("no_saved_counts", full_window)):
                engine = open_engine()
                migrate(engine)
                try:
                    results.setdefault(name, {})[label] = measure(engine, args, links)
                finally:
                    engine.dispose()
                    if name == "postgresql":
                        clean()
                        url, drop = postgres_schema(args.postgres)
                        open_engine, clean = (lambda u=url: make_engine(u)), drop
        finally:
            clean()
        print(name, json.dumps(results[name], indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
