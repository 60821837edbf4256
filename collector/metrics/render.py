"""The fast /metrics renderer: the text format written directly, family by family.

Its output is byte-for-byte what generate_latest() writes for a registry built by
build_registry() over the same state (tests and bench/exposition.py check this); the
one exception is -0.0, written 0.0.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TypeVar

from prometheus_client.exposition import generate_latest

from collector.metrics.families import (
    AGENT_GAUGES,
    DEFAULT_STALE_AFTER_SECONDS,
    FLEET_MACHINES,
    INFO_GAUGES,
    MACHINE_FINDINGS,
    MACHINE_UP,
    PROBE_GAUGES,
    WARD_GAUGES,
    Family,
)
from collector.metrics.machine_lines import (
    InfoCache,
    LabelText,
    agent_lines,
    escaped_ids,
    findings_lines,
    probe_lines,
    up_lines,
)
from collector.metrics.self_metrics import SelfMetrics
from collector.metrics.textformat import family_header, format_value, label_set
from collector.metrics.thresholds import Thresholds
from collector.metrics.ward_view import WardsProvider, WardView, no_wards
from collector.state import Fleet, MachineState

T = TypeVar("T")
BATCH_MACHINES = 4096


def _block(family: Family, lines: Iterable[str]) -> bytes:
    return "".join([family_header(family.name, family.help), *lines]).encode()


def _family(
    family: Family,
    machines: Sequence[MachineState],
    rows: Sequence[T],
    make: Callable[[Sequence[MachineState], Sequence[T]], list[str]],
) -> Iterator[bytes]:
    # In batches, so that a streamed scrape holds one batch of lines, not a whole family.
    yield family_header(family.name, family.help).encode()
    for start in range(0, len(machines), BATCH_MACHINES):
        part = slice(start, start + BATCH_MACHINES)
        lines = make(machines[part], rows[part])
        if lines:  # a batch without samples (no value for any machine in it) sends nothing
            yield "".join(lines).encode()


def _column(index: int, _: Sequence[MachineState], rows: Sequence[tuple[str, ...]]) -> list[str]:
    return [row[index] for row in rows]


def _machine_blocks(
    machines: Sequence[MachineState], info: InfoCache, cutoff_seconds: float
) -> Iterator[bytes]:
    yield _block(FLEET_MACHINES, [f"{FLEET_MACHINES.name} {format_value(len(machines))}\n"])
    ids = escaped_ids(machines)
    yield from _family(MACHINE_UP, machines, ids, partial(up_lines, cutoff_seconds))
    info_lines = info.lines(machines)
    for index, gauge in enumerate(INFO_GAUGES):
        yield from _family(gauge.family, machines, info_lines, partial(_column, index))
    for agent in AGENT_GAUGES:
        yield from _family(agent.family, machines, ids, partial(agent_lines, agent))
    yield from _family(MACHINE_FINDINGS, machines, ids, findings_lines)
    targets = LabelText()
    for probe in PROBE_GAUGES:
        yield from _family(probe.family, machines, ids, partial(probe_lines, probe, targets))


def _ward_blocks(wards: Sequence[WardView]) -> Iterator[bytes]:
    for gauge in WARD_GAUGES:
        name, labels = gauge.family.name, gauge.family.labels
        lines = (
            f"{name}{label_set(labels, values)} {format_value(value)}\n"
            for w in wards
            for values, value in gauge.samples(w)
        )
        yield _block(gauge.family, lines)


def render_chunks(
    fleet: Fleet,
    wards: Iterable[WardView],
    self_metrics: SelfMetrics | None,
    *,
    now: float,
    stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS,
    info: InfoCache | None = None,
    thresholds: Thresholds | None = None,
) -> Iterator[bytes]:
    """Yield the /metrics body in pieces of at most one family and BATCH_MACHINES machines."""
    cache = info if info is not None else InfoCache()
    yield from _machine_blocks(fleet.snapshot(), cache, now - stale_after_seconds)
    yield from _ward_blocks(tuple(wards))
    if thresholds is not None:
        yield generate_latest(thresholds.registry)
    if self_metrics is not None:
        yield generate_latest(self_metrics.registry)


def render(
    fleet: Fleet,
    wards: Iterable[WardView],
    self_metrics: SelfMetrics | None,
    *,
    now: float,
    stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS,
    info: InfoCache | None = None,
    thresholds: Thresholds | None = None,
) -> bytes:
    """Render the whole /metrics body; pass a long-lived `info` cache to reuse info lines."""
    chunks = render_chunks(
        fleet,
        wards,
        self_metrics,
        now=now,
        stale_after_seconds=stale_after_seconds,
        info=info,
        thresholds=thresholds,
    )
    return _joined(chunks)


def _joined(chunks: Iterable[bytes]) -> bytes:
    # BytesIO hands its buffer over without a copy: the peak is one body, not two.
    out = io.BytesIO()
    for chunk in chunks:
        out.write(chunk)
    return out.getvalue()


class Exposition:
    """The /metrics body source: fleet, wards, the standard's thresholds and self-metrics,
    with a long-lived info cache."""

    def __init__(
        self,
        fleet: Fleet,
        wards_provider: WardsProvider = no_wards,
        self_metrics: SelfMetrics | None = None,
        clock: Callable[[], float] = time.time,
        stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS,
        thresholds: Thresholds | None = None,
    ) -> None:
        self._fleet = fleet
        self._thresholds = thresholds
        self._wards_provider = wards_provider
        self._self_metrics = self_metrics
        self._clock = clock
        self._stale_after_seconds = stale_after_seconds
        self.info = InfoCache()

    def chunks(self) -> Iterator[bytes]:
        """Yield the current /metrics body family by family, for a streaming response."""
        return render_chunks(
            self._fleet,
            self._wards_provider(),
            self._self_metrics,
            now=self._clock(),
            stale_after_seconds=self._stale_after_seconds,
            info=self.info,
            thresholds=self._thresholds,
        )

    def render(self) -> bytes:
        """Render the current /metrics body as UTF-8 bytes."""
        return _joined(self.chunks())
