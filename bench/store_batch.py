"""Benchmark store.save_batch: reports/s for batches of 1, 100 and 500 reports of ~4 KB.

Backends: SQLite (synchronous FULL and NORMAL, file in bench/out/) and PostgreSQL (a
throw-away schema in --postgres). The peer in the same run is the floor: the sqlite3
module inserting the same bodies into one bare table, one transaction per batch.
Each report carries two findings and a compact history record, like a real one.

    python bench/store_batch.py [--reports 20000] [--postgres URL] [--no-postgres]

Writes bench/results/store_batch.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from sqlalchemy import Engine, create_engine  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from collector.store.agents import enroll  # noqa: E402
from collector.store.engine import make_engine, sqlite_url  # noqa: E402
from collector.store.migrations import migrate  # noqa: E402
from collector.store.reports import IngestItem, save_batch  # noqa: E402
from standard.finding import Finding  # noqa: E402

OUT = ROOT / "bench" / "out" / "store_batch"
RESULTS = ROOT / "bench" / "results" / "store_batch.json"
BATCHES = (1, 100, 500)
AGENTS = 2000
FINDINGS = (
    Finding(
        "memory_min",
        "hardware",
        "warning",
        4 * 2**30,
        8 * 2**30,
        "Thiếu RAM",
        "Low RAM",
        cost_vnd=1_500_000,
    ),
    Finding("disk_full", "operational", "critical", 0.97, 0.9, "Đầy đĩa", "Disk full"),
)


def body(agent_id: str, seq: int) -> str:
    """Return a ~4 KB report body whose numbers vary like a real one's (so it compresses alike)."""
    rnd = random.Random(seq)
    probes = [
        {
            "name": f"dc-{i}",
            "prober": "tcp",
            "target": f"10.{i}.{rnd.randint(0, 255)}.1:443",
            "result": rnd.choice(("success", "success", "timeout")),
            "loss_ratio": round(rnd.random() / 10, 4),
            "rtt_p95_seconds": round(rnd.random() / 50, 6),
            "jitter_seconds": round(rnd.random() / 500, 6),
            "duration_seconds": round(rnd.random(), 6),
        }
        for i in range(13)
    ]
    report = {
        "agent_id": agent_id,
        "seq": seq,
        "ward": "phuong-ben-thanh",
        "kind": "health",
        "hardware": {
            "cpu": {"model": "Intel(R) Core(TM) i5-7500 CPU @ 3.40GHz", "physical_cores": 4},
            "memory": {"total_bytes": 8 * 2**30, "available_bytes": rnd.randint(0, 2**33)},
            "disks": {"physical": [{"name": "sda", "kind": "ssd", "serial": f"S{seq:012d}"}]},
        },
        "health": {
            "cpu_used_ratio": round(rnd.random(), 4),
            "memory_used_ratio": round(rnd.random(), 4),
            "filesystems": [
                {
                    "mount": m,
                    "used_ratio": round(rnd.random(), 4),
                    "free_bytes": rnd.randint(0, 2**38),
                }
                for m in ("/", "/boot", "/home", "/var")
            ],
            "temperatures": [
                {"sensor": "coretemp", "label": f"Core {i}", "celsius": rnd.randint(30, 90)}
                for i in range(4)
            ],
        },
        "probes": probes,
        "collectors": {
            name: {"success": True, "duration_seconds": round(rnd.random() / 10, 6), "error": None}
            for name in ("cpu", "memory", "disks", "network", "os", "dmi", "tpm", "battery")
        },
    }
    return json.dumps(report)


def items(count: int) -> list[IngestItem]:
    """Return `count` reports spread over AGENTS agents, seqs increasing."""
    now = time.time()
    return [
        IngestItem(
            f"{n % AGENTS:032x}",
            n // AGENTS + 1,
            "health",
            body(f"{n % AGENTS:032x}", n),
            now,
            now,
            "phuong-ben-thanh",
            f"pc-{n % AGENTS}",
            FINDINGS,
            '{"cpu_used_ratio":0.21,"probes":[]}',
        )
        for n in range(count)
    ]


def chunks(seq: list[IngestItem], size: int) -> Iterator[list[IngestItem]]:
    """Split `seq` into batches of `size`."""
    return (seq[i : i + size] for i in range(0, len(seq), size))


def prepare(engine: Engine) -> None:
    """Migrate and enrol the agents."""
    migrate(engine)
    with engine.begin() as conn:
        for n in range(AGENTS):
            aid = f"{n:032x}"
            enroll(
                conn,
                aid,
                "phuong-ben-thanh",
                f"pc-{n}",
                "workstation",
                secrets.token_hex(32),
                "f" * 64,
                aid,
                0.0,
            )


def server_cpu_seconds(engine: Engine) -> float:
    """Return the CPU seconds used so far by the PostgreSQL backend of the pooled connection."""
    if engine.dialect.name != "postgresql":
        return 0.0
    with engine.connect() as conn:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")  # the server runs elsewhere
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def store_rate(engine: Engine, reports: list[IngestItem], size: int) -> tuple[float, float]:
    """Return reports/s of save_batch in batches of `size`, wall clock and per CPU second.

    CPU is this process's plus, on a local PostgreSQL, its backend's.
    """
    start, cpu, server = time.perf_counter(), time.process_time(), server_cpu_seconds(engine)
    for batch in chunks(reports, size):
        with engine.begin() as conn:
            save_batch(conn, batch)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    cpu += server_cpu_seconds(engine) - server
    return len(reports) / wall, len(reports) / cpu


def floor_rate(path: Path, reports: list[IngestItem], size: int, synchronous: str) -> float:
    """Return rows/s of bare sqlite3 inserts of the same bodies, one commit per batch."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.execute("CREATE TABLE IF NOT EXISTS r (agent_id TEXT, seq INTEGER, body TEXT)")
    start = time.perf_counter()
    for batch in chunks(reports, size):
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO r VALUES (?, ?, ?)", [(i.agent_id, i.seq, i.report_json) for i in batch]
        )
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return len(reports) / elapsed


def run(name: str, open_engine: Callable[[], Engine], total: int, size: int) -> tuple[float, float]:
    """Measure one backend at one batch size on a fresh store."""
    engine = open_engine()
    try:
        prepare(engine)
        return store_rate(engine, items(total if size > 1 else total // 10), size)
    finally:
        engine.dispose()


def postgres_schema(admin_url: str) -> tuple[str, Callable[[], None]]:
    """Create a throw-away schema; return its URL and a function dropping it."""
    schema = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')

    url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), drop


def main() -> None:
    """Run every backend and batch size; print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[int, float]] = {}
    for size in BATCHES:
        for sync in ("FULL", "NORMAL"):
            shutil.rmtree(OUT, ignore_errors=True)
            wall, cpu = run(
                "sqlite",
                lambda s=sync: make_engine(sqlite_url(OUT), synchronous=s),
                args.reports,
                size,
            )
            results.setdefault(f"sqlite {sync}", {})[size] = wall
            results.setdefault(f"sqlite {sync} per CPU second", {})[size] = cpu
            floor_items = items(args.reports if size > 1 else args.reports // 10)
            results.setdefault(f"floor: sqlite3 bare {sync}", {})[size] = floor_rate(
                OUT / "floor.sqlite", floor_items, size, sync
            )
        if not args.no_postgres:
            url, drop = postgres_schema(args.postgres)
            try:
                wall, cpu = run("postgresql", lambda u=url: make_engine(u), args.reports, size)
                results.setdefault("postgresql", {})[size] = wall
                results.setdefault("postgresql per CPU second (+server)", {})[size] = cpu
            finally:
                drop()
    print(f"{'backend':40}" + "".join(f"{f'batch {s}':>14}" for s in BATCHES) + "   reports/s")
    for name, rates in results.items():
        print(f"{name:40}" + "".join(f"{rates[s]:14,.0f}" for s in BATCHES))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    shutil.rmtree(OUT, ignore_errors=True)


if __name__ == "__main__":
    main()
