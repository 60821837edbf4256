"""The availability counts across restarts: saved to the store, rebuilt from it at start.

A start loads the counts last saved (every few minutes, and at shutdown) and counts again
the cycles of the reports received since, from history; without saved counts (a first
start, or a store from before they were kept) it counts the whole window from history.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping

from sqlalchemy import Engine

from collector.availability import BUCKETS, Availability
from collector.store.availability_counts import (
    SavedSeries,
    cycles_since,
    load_counts,
    save_counts,
)
from standard.model import LinkStandard

# Reports committed but not yet counted when the counts were saved were received before:
# replay from this long before the save (their seqs tell which were counted).
REPLAY_MARGIN_SECONDS = 60.0
SAVE_EVERY_MINUTES = 5
SAVE_CHUNK_AGENTS = 1_000  # about 5,000 rows: a short write transaction


def rebuild_availability(
    engine: Engine, links: Mapping[str, LinkStandard], now: float | None = None
) -> Availability:
    """Return the availability counts the store holds, as of `now` (unix seconds)."""
    availability = Availability()
    if not links:
        return availability
    now = time.time() if now is None else now
    taken_at, saved = load_counts(engine)
    widths = {name: link.availability_window_seconds / BUCKETS for name, link in links.items()}
    availability.restore(row for row in saved if widths.get(row.target) == row.width_seconds)
    since = now - max(link.availability_window_seconds for link in links.values())
    if taken_at is not None:
        since = max(since, taken_at - REPLAY_MARGIN_SECONDS)
    for cycle in cycles_since(engine, since):
        if cycle.seq > availability.counted_through(cycle.agent_id):
            availability.record_outcomes(
                cycle.agent_id, cycle.outcomes, cycle.at_seconds, links, cycle.seq
            )
    return availability


def save_availability(engine: Engine, availability: Availability, now: float | None = None) -> int:
    """Save every series' counts, SAVE_CHUNK_AGENTS agents a transaction (so ingest never
    waits long for SQLite's write lock); return how many series were saved."""
    series = availability.export()
    now = time.time() if now is None else now
    for chunk in _by_agents(series, SAVE_CHUNK_AGENTS):
        with engine.begin() as conn:
            save_counts(conn, chunk, now)
    return len(series)


def _by_agents(series: list[SavedSeries], agents: int) -> Iterator[list[SavedSeries]]:
    """Split `series` (each agent's together, as `export` lists them) every `agents` agents."""
    chunk: list[SavedSeries] = []
    seen = 0
    for row in series:
        if chunk and row.agent_id != chunk[-1].agent_id:
            seen += 1
            if seen == agents:
                yield chunk
                chunk, seen = [], 0
        chunk.append(row)
    if chunk:
        yield chunk
