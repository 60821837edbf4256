"""The availability counts saved between runs, and the probe cycles history holds.

A restart loads the saved counts and replays only the history received since they were
saved: replaying a whole window of history (a day of minute reports per machine) would
take minutes at a city's fleet (bench/ingest/README.md, "Availability at start-up").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

import orjson
from sqlalchemy import Connection, Engine, delete, func, insert, select

from collector.store.engine import reader
from collector.store.tables import agents, availability_counts, history


class SavedSeries(NamedTuple):
    """One (machine, target)'s counts as saved: see collector.availability._Series."""

    agent_id: str
    target: str
    width_seconds: float
    last_bucket: int
    first_seconds: float | None
    counts: str  # successes per bucket, then cycles per bucket, comma-joined
    through_seq: int


class Cycle(NamedTuple):
    """One stored report's probe cycle: (target, success) pairs, placed at `at_seconds`."""

    agent_id: str
    seq: int
    at_seconds: float  # the earlier of collected_at and received_at, as ingest counts it
    outcomes: tuple[tuple[str, bool], ...]


def save_counts(conn: Connection, series: Sequence[SavedSeries], taken_at: float) -> None:
    """Replace the saved counts of the agents in `series` with `series`, taken at
    `taken_at` (unix seconds)."""
    saved = availability_counts.c.agent_id.in_(sorted({row.agent_id for row in series}))
    conn.execute(delete(availability_counts).where(saved))
    if series:
        conn.execute(
            insert(availability_counts), [row._asdict() | {"taken_at": taken_at} for row in series]
        )


def load_counts(engine: Engine) -> tuple[float | None, list[SavedSeries]]:
    """Return the saved counts of active agents and when the oldest were taken (None if
    there are none)."""
    joined = availability_counts.join(agents, agents.c.agent_id == availability_counts.c.agent_id)
    active = agents.c.revoked_at.is_(None)
    columns = [availability_counts.c[name] for name in SavedSeries._fields]
    with reader(engine).connect() as conn:
        oldest = select(func.min(availability_counts.c.taken_at)).select_from(joined)
        taken_at = conn.execute(oldest.where(active)).scalar()
        rows = [SavedSeries(*row) for row in conn.execute(select(*columns).select_from(joined)
                                                          .where(active))]  # fmt: skip
    return taken_at, rows


def cycles_since(engine: Engine, since: float, chunk: int = 10_000) -> Iterator[Cycle]:
    """Yield the probe cycle of every active agent's report received at or after `since`,
    each agent's in seq order."""
    query = (
        select(history.c.agent_id, history.c.seq, history.c.received_at,
               history.c.collected_at, history.c.health)
        .join(agents, agents.c.agent_id == history.c.agent_id)
        .where(agents.c.revoked_at.is_(None), history.c.received_at >= since)
        .order_by(history.c.agent_id, history.c.seq)
    )  # fmt: skip
    with reader(engine).connect() as conn:
        for agent_id, seq, received_at, collected_at, health in conn.execution_options(
            yield_per=chunk
        ).execute(query):
            probes = orjson.loads(health)["probes"] if health else ()
            outcomes = tuple((probe[0], probe[1] == "success") for probe in probes)
            yield Cycle(agent_id, seq, min(collected_at, received_at), outcomes)
