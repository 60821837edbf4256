"""Each machine's availability to each standard link target over the standard's window.

A link standard asks for `min_availability_ratio` over `availability_window_seconds` (a
day by default): the share of probe cycles in that window whose probe succeeded. One
report carries one cycle, so the ratio needs the machine's recent reports. Keeping every
cycle would cost 1,440 samples a day per target per machine; instead each (machine,
target) keeps BUCKETS counts of successes and cycles, each bucket 1/BUCKETS of the window,
and their running sums: the ratio covers the last window to within one bucket, costs about
300 bytes per target per machine, and is read in constant time on every report.

Cycles are placed by the agent's `collected_at`, so a backlog replayed after an outage
lands in the hours it was measured. The counts live in memory, saved to the store every few
minutes and at shutdown (`export`); a restart loads them (`restore`) and counts again the
cycles of the reports received since (collector/availability_rebuild.py), so a ratio
survives a restart, a crash included.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from typing import Any

from collector.store.availability_counts import SavedSeries
from standard.model import LinkStandard

BUCKETS = 12


class _Series:
    """The counts of one (machine, target): a ring of BUCKETS buckets and their sums."""

    __slots__ = ("counts", "first_seconds", "last_bucket", "successes", "total", "width")

    def __init__(self, width: float, at: float) -> None:
        self.width = width
        self.last_bucket = int(at // width)
        self.first_seconds: float | None = None
        self.counts = array("I", bytes(8 * BUCKETS))  # successes[B], then cycles[B]
        self.successes = self.total = 0

    def add(self, at: float, success: bool) -> None:
        bucket = int(at // self.width)
        if bucket > self.last_bucket:
            self.advance(bucket)
        elif bucket <= self.last_bucket - BUCKETS:
            return  # older than the window
        slot = bucket % BUCKETS
        self.counts[BUCKETS + slot] += 1
        self.total += 1
        if success:
            self.counts[slot] += 1
            self.successes += 1
        if self.first_seconds is None or at < self.first_seconds:
            self.first_seconds = at

    def advance(self, bucket: int) -> None:
        """Move the window's end to `bucket`, emptying the buckets it leaves behind."""
        if bucket <= self.last_bucket:
            return
        if bucket - self.last_bucket >= BUCKETS:  # silent for a whole window: start afresh
            self.counts = array("I", bytes(8 * BUCKETS))
            self.successes = self.total = 0
            self.first_seconds = None
        else:
            for stale in range(self.last_bucket + 1, bucket + 1):
                slot = stale % BUCKETS
                self.successes -= self.counts[slot]
                self.total -= self.counts[BUCKETS + slot]
                self.counts[slot] = self.counts[BUCKETS + slot] = 0
        self.last_bucket = bucket


def outcomes(probes: Iterable[Mapping[str, Any]]) -> tuple[tuple[str, bool], ...]:
    """Return a report's probe cycle as (target, success) pairs: all `record` reads of it."""
    return tuple((probe["name"], probe["result"] == "success") for probe in probes)


class Availability:
    """The availability counts of every machine; used on the event loop's thread only."""

    def __init__(self) -> None:
        self._series: dict[str, dict[str, _Series]] = {}
        self._through: dict[str, int] = {}  # agent -> the highest seq whose cycle is counted

    def record(
        self,
        agent_id: str,
        probes: Iterable[Mapping[str, Any]],
        collected_at: float,
        links: Mapping[str, LinkStandard],
    ) -> None:
        """Count one report's probe cycle for each standard target it probed."""
        self.record_outcomes(agent_id, outcomes(probes), collected_at, links)

    def record_outcomes(
        self,
        agent_id: str,
        cycle: Iterable[tuple[str, bool]],
        collected_at: float,
        links: Mapping[str, LinkStandard],
        seq: int = 0,
    ) -> None:
        """Count one probe cycle given as (target, success) pairs (see `outcomes`), that of
        report `seq`."""
        if seq > self._through.get(agent_id, 0):
            self._through[agent_id] = seq
        mine = self._series.setdefault(agent_id, {})
        for target, success in cycle:
            link = links.get(target)
            if link is None:
                continue
            width = link.availability_window_seconds / BUCKETS
            series = mine.get(target)
            if series is None or series.width != width:
                series = mine[target] = _Series(width, collected_at)
            series.add(collected_at, success)

    def ratios(
        self,
        agent_id: str,
        now: float,
        links: Mapping[str, LinkStandard],
        without: Iterable[tuple[str, bool]] = (),
    ) -> dict[str, float]:
        """Return target -> availability (0..1) over the window ending at `now` (the agent's
        clock, as `collected_at`), for targets observed at least half a window; `without`
        is a counted cycle to leave out (the report the ratio is shown with)."""
        left_out = dict(without)
        found = {}
        for target, series in self._series.get(agent_id, {}).items():
            link = links.get(target)
            if link is None:
                continue
            bucket = int(now // series.width)
            if bucket > series.last_bucket:
                series.advance(bucket)
            first = series.first_seconds
            successes, total = series.successes, series.total
            if target in left_out and total:
                successes, total = successes - left_out[target], total - 1
            if total and first is not None and now - first >= link.availability_window_seconds / 2:
                found[target] = successes / total
        return found

    def forget(self, agent_id: str) -> None:
        """Drop a revoked machine's counts (dict removals: safe from any thread)."""
        self._series.pop(agent_id, None)
        self._through.pop(agent_id, None)

    def counted_through(self, agent_id: str) -> int:
        """Return the highest seq of `agent_id` whose cycle is counted, 0 if none."""
        return self._through.get(agent_id, 0)

    def export(self) -> list[SavedSeries]:
        """Return every series' counts to save; safe from another thread (copies under the
        GIL: a cycle counted meanwhile is at worst counted again after a restart)."""
        found = []
        for agent_id, mine in list(self._series.items()):
            through = self._through.get(agent_id, 0)  # read first: never a cycle lost
            for target, series in list(mine.items()):
                counts = ",".join(map(str, series.counts.tolist()))
                found.append(SavedSeries(agent_id, target, series.width, series.last_bucket,
                                         series.first_seconds, counts, through))  # fmt: skip
        return found

    def restore(self, saved: Iterable[SavedSeries]) -> None:
        """Take saved counts back (`export`'s rows); a row not of this BUCKETS is skipped."""
        for row in saved:
            counts = array("I", (int(n) for n in row.counts.split(",")))
            if len(counts) != 2 * BUCKETS:
                continue
            series = _Series(row.width_seconds, 0.0)
            series.last_bucket, series.first_seconds, series.counts = (
                row.last_bucket, row.first_seconds, counts,
            )  # fmt: skip
            series.successes, series.total = sum(counts[:BUCKETS]), sum(counts[BUCKETS:])
            self._series.setdefault(row.agent_id, {})[row.target] = series
            if row.through_seq > self._through.get(row.agent_id, 0):
                self._through[row.agent_id] = row.through_seq
