"""Collectors registered by name, each timed and isolated, like node_exporter's."""

from __future__ import annotations

import functools
import importlib
import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from agent.collectors.kernelfiles_linux import LOCAL
from agent.collectors.source_linux import Source
from agent.errors import NotApplicable
from agent.paths import PathsConfig

log = logging.getLogger(__name__)

Section = Literal["hardware", "os", "health"]


@dataclass(frozen=True)
class Context:
    """What a collector may read: the machine (this one by default), the filesystem roots
    there and the platform it runs."""

    paths: PathsConfig = PathsConfig()
    platform: str = sys.platform
    source: Source = LOCAL  # where the Linux readers read


CollectFn = Callable[[Context], Mapping[str, Any]]


@dataclass(frozen=True)
class Registered:
    """A collector function with its report section and default switch."""

    name: str
    fn: CollectFn
    section: Section
    default_enabled: bool


@dataclass(frozen=True)
class Outcome:
    """How one collector run went: the `collectors.NAME` entry of the report."""

    success: bool
    duration_seconds: float
    error: str | None = None
    not_applicable: bool = False

    def as_report(self) -> dict[str, Any]:
        """Return the JSON form recorded in the report."""
        return {
            "success": self.success,
            "duration_seconds": round(self.duration_seconds, 6),
            "error": self.error,
            "not_applicable": self.not_applicable,
        }


# a reader function, or "module:function" imported only when that platform first runs it
Reader = CollectFn | str


@dataclass(frozen=True)
class PlatformReaders:
    """A collector's reader per platform (`sys.platform` names); called as the collector."""

    name: str
    readers: Mapping[str, Reader]

    def __call__(self, ctx: Context) -> Mapping[str, Any]:
        """Run the reader for `ctx.platform`; NotApplicable where the platform has none."""
        reader = self.readers.get(ctx.platform)
        if reader is None:
            raise NotApplicable(f"no {self.name} reader for platform {ctx.platform}")
        return (resolve(reader) if isinstance(reader, str) else reader)(ctx)


@functools.cache
def resolve(ref: str) -> CollectFn:
    """Import the reader named "module:function"."""
    module, _, function = ref.partition(":")
    fn: CollectFn = getattr(importlib.import_module(module), function)
    return fn


_REGISTRY: dict[str, Registered] = {}


def collector(
    name: str,
    *,
    linux: Reader | None = None,
    win32: Reader | None = None,
    section: Section = "hardware",
    default_enabled: bool = True,
) -> PlatformReaders:
    """Register the collector `name` (report key `name` of `section`) with its readers."""
    if name in _REGISTRY:
        raise ValueError(f"collector {name!r} registered twice")
    readers = {p: r for p, r in (("linux", linux), ("win32", win32)) if r is not None}
    fn = PlatformReaders(name, readers)
    _REGISTRY[name] = Registered(name, fn, section, default_enabled)
    return fn


def names() -> tuple[str, ...]:
    """List every registered collector name, in registration order.

    Complete whenever this module is reachable: importing it runs `agent/collectors/__init__`,
    whose explicit import list registers every collector.
    """
    return tuple(_REGISTRY)


def get(name: str) -> Registered:
    """Return the registered collector `name`."""
    names()
    return _REGISTRY[name]


def enabled(switches: Mapping[str, Any]) -> tuple[Registered, ...]:
    """Select the collectors switched on by config (`collectors.NAME.enabled`) or default."""
    chosen = []
    for name in names():
        reg = _REGISTRY[name]
        switch = switches.get(name)
        if switch.enabled if switch is not None else reg.default_enabled:
            chosen.append(reg)
    return tuple(chosen)


def run(
    collectors: Iterable[Registered],
    ctx: Context,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[dict[str, Any], dict[str, Outcome]]:
    """Run each collector; return its values by name and an Outcome for every one."""
    values: dict[str, Any] = {}
    outcomes: dict[str, Outcome] = {}
    for reg in collectors:
        start = clock()
        try:
            value = dict(reg.fn(ctx))
            json.dumps(value, allow_nan=False)  # NaN or an odd type fails this collector only
            values[reg.name] = value
            outcomes[reg.name] = Outcome(True, clock() - start)
        except NotApplicable as err:
            values[reg.name] = None
            outcomes[reg.name] = Outcome(True, clock() - start, str(err) or None, True)
        except Exception as err:  # one failing collector never stops a report
            log.warning("collector %s failed: %s", reg.name, err, exc_info=True)
            values[reg.name] = None
            outcomes[reg.name] = Outcome(False, clock() - start, f"{type(err).__name__}: {err}")
    return values, outcomes
