"""Where one report's ingest time goes, stage by stage, in-process (no HTTP).

    python bench/ingest/stages.py [--reports 3000] [--agents 1000] [--cprofile]

Times each step Ingest.batch takes for one ~6 KB report (the benchmark's template), on
one core, CPU time (time.process_time: all threads), median of 5 passes over --reports
reports:
  split + decode + validate (msgspec, the compiled schema), evaluate() against the
  default standard, compact_history, building the IngestItem, save_batch on SQLite
  (WAL, the collector's default synchronous) in groups of 1, 10 and 100, project() + fleet.put, the
  self metrics; then the whole Ingest.batch (one report per call, concurrent calls
  grouped by the real group committer) for comparison.
With --cprofile, also prints the top functions of the whole Ingest.batch path.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1])]

import enroll as setup  # noqa: E402

from collector.config import StorageConfig  # noqa: E402
from collector.ingest.decode import Decoded, decode, split  # noqa: E402
from collector.ingest.group_commit import GroupCommitter  # noqa: E402
from collector.ingest.pipeline import Ingest  # noqa: E402
from collector.ingest.rate_limit import RateLimiter  # noqa: E402
from collector.metrics.self_metrics import SelfMetrics  # noqa: E402
from collector.state import Fleet, project  # noqa: E402
from collector.store import make_engine, migrate  # noqa: E402
from collector.store.agents import enroll  # noqa: E402
from collector.store.history import compact_history  # noqa: E402
from collector.store.reports import IngestItem, save_batch  # noqa: E402
from collector.tokens import TokenHolder  # noqa: E402
from standard.evaluate import evaluate  # noqa: E402
from standard.model import load_standard  # noqa: E402

SYNCHRONOUS = StorageConfig().sqlite_synchronous  # the collector's default


def per_item(fn: Callable[[], int], passes: int = 5) -> float:
    """Return the median over `passes` of fn's CPU time per item (fn returns its count), µs.

    CPU time of the whole process (all threads), so that other work on a shared machine
    does not count; the group committer's thread is included.
    """
    times = []
    for _ in range(passes):
        started = time.process_time()
        count = fn()
        times.append((time.process_time() - started) / count * 1e6)
    return statistics.median(times)


def main() -> None:
    """Time every stage and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    n, agents = args.reports, args.agents
    line = setup.template()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    seq = iter(range(10, 10**9))
    bodies = [setup.fill(line, i % agents, next(seq), stamp).encode() + b"\n" for i in range(n)]
    standard = load_standard()
    moment = datetime.datetime.now(datetime.UTC)
    rows: dict[str, float] = {}

    def stage(name: str, fn: Callable[[], int]) -> None:
        rows[name] = per_item(fn)
        print(f"{name:55s} {rows[name]:8.1f} µs/report", flush=True)

    stage("split + decode + validate", lambda: sum(len([decode(r) for r in split(b, "")])
                                                 for b in bodies))  # fmt: skip
    decoded = [decode(split(b, "")[0]) for b in bodies]
    assert all(isinstance(d, Decoded) for d in decoded)
    reports = [d.report for d in decoded if isinstance(d, Decoded)]
    stage("  a refused report's peek (schema_version, seq)", lambda: _peek(bodies))
    stage(
        "evaluate() (live: clock rule on)",
        lambda: len(
            [evaluate(r, standard, today=moment.date(), received_at=moment) for r in reports]
        ),
    )
    findings = evaluate(reports[0], standard, today=moment.date(), received_at=moment)
    print(f"    ({len(findings)} findings per report: {[f.rule for f in findings]})")
    stage("compact_history", lambda: len([compact_history(r) for r in reports]))

    def items() -> list[IngestItem]:
        now = time.time()
        return [
            IngestItem(
                agent_id=r["agent_id"], seq=r["seq"], kind=r["kind"],
                report_json=d.raw.decode(), collected_at=d.collected_at,
                received_at=now, ward=r["ward"], hostname=r["hostname"],
                findings=findings, history_json=compact_history(r),
            )
            for r, d in zip(reports, decoded, strict=True) if isinstance(d, Decoded)
        ]  # fmt: skip

    stage("IngestItem (+ raw.decode, compact_history)", lambda: len(items()))
    fleet = Fleet()
    stage("project() + fleet.put", lambda: len([
        fleet.put(project(r, findings, 0.0, 0.0)) for r in reports]))  # fmt: skip
    metrics = SelfMetrics()
    stage("self metrics (report_accepted)", lambda: len([
        metrics.report_accepted(0.001) for _ in reports]))  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/w.sqlite", synchronous=SYNCHRONOUS)
        migrate(engine)
        with engine.begin() as conn:
            for i in range(agents):
                ident = setup.identity(i)
                enroll(conn, ident.agent_id, setup.WARD, setup.hostname(i), "workstation",
                       f"t{i}", ident.fingerprint, ident.install_id, time.time())  # fmt: skip
        fresh = iter(range(1000, 10**9))
        made = items()[:1000]
        store_profile = cProfile.Profile() if args.cprofile else None

        def store(group: int) -> int:
            base = next(fresh) * 1000
            batch = [IngestItem(**{**_fields(it), "seq": base + k}) for k, it in enumerate(made)]
            if store_profile and group == 100:
                store_profile.enable()
            for start in range(0, len(batch), group):
                with engine.begin() as conn:
                    save_batch(conn, batch[start : start + group])
            if store_profile:
                store_profile.disable()
            return len(batch)

        for group in (1, 10, 100):
            stage(f"save_batch, SQLite {SYNCHRONOUS}, {group} per transaction",
                  lambda g=group: store(g))  # fmt: skip
        if store_profile:
            pstats.Stats(store_profile).sort_stats("tottime").print_stats(15)

        committer = GroupCommitter(lambda its: _commit(engine, its), 500)
        ingest = Ingest(
            fleet=fleet, standard=lambda: standard, committer=committer,
            limiter=RateLimiter(10**9, 10**9), metrics=metrics, max_reports=500,
            on_clone=lambda report, fingerprint: 0,
        )  # fmt: skip

        def whole(concurrent: int) -> int:
            base = next(fresh) * 1000
            work = [setup.fill(line, i % agents, base + i, stamp).encode() + b"\n"
                    for i in range(n)]  # fmt: skip

            async def go() -> None:
                for start in range(0, n, concurrent):
                    await asyncio.gather(*[
                        ingest.batch(*_who((start + k) % agents), body, "")
                        for k, body in enumerate(work[start : start + concurrent])])  # fmt: skip

            asyncio.run(go())
            return n

        for concurrent in (1, 100):
            stage(
                f"whole Ingest.batch, {concurrent} concurrent calls", lambda c=concurrent: whole(c)
            )
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            whole(100)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("tottime").print_stats(25)
        committer.close()
        engine.dispose()


def _who(index: int) -> tuple[TokenHolder]:
    ident = setup.identity(index)
    return (TokenHolder(ident.agent_id, ident.fingerprint, setup.WARD),)


def _peek(bodies: list[bytes]) -> int:
    from collector.ingest.decode import _decoders

    peek = _decoders()[1]
    for b in bodies:
        peek.decode(b)
    return len(bodies)


def _fields(item: IngestItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in IngestItem.__slots__}


def _commit(engine: Any, items: list[IngestItem]) -> Any:
    with engine.begin() as conn:
        return save_batch(conn, items)


if __name__ == "__main__":
    main()
