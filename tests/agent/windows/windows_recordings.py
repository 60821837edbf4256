"""The recorded Windows outputs in tests/testdata/windows, replayed through the real decoders."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.collectors import (
    cim,
    cpu_windows,
    disks_windows,
    identity_windows,
    media_windows,
    network_windows,
    security_windows,
    system_windows,
)

TESTDATA = Path(__file__).resolve().parents[2] / "testdata" / "windows"
SCENARIOS = ("win10-pro-desktop", "win11-laptop-vi", "server2019-hyperv")
QUERY_MODULES = (
    cpu_windows,
    disks_windows,
    network_windows,
    system_windows,
    security_windows,
    media_windows,
    identity_windows,
)
PIPELINES = {name: p for module in QUERY_MODULES for name, p in module.QUERIES.items()}
NAMES = {pipeline: name for name, pipeline in PIPELINES.items()}


@dataclass(frozen=True)
class Recorded:
    """One recorded machine: a fake `cim.query` over its files and its in-process reads."""

    directory: Path

    def query(self, pipeline: str) -> list[dict[str, Any]]:
        """Answer `pipeline` as cim.query would: decode NAME.json or raise from NAME.error."""
        name = NAMES[pipeline]
        output = self.directory / f"{name}.json"
        if output.exists():
            return cim.decode(output.read_bytes())
        stderr = (self.directory / f"{name}.error").read_bytes()
        raise cim.failure(1, stderr, pipeline)

    def reads(self) -> dict[str, Any]:
        """Return inprocess.json: the registry, kernel32 and psutil reads."""
        return dict(json.loads((self.directory / "inprocess.json").read_text(encoding="utf-8")))

    def reader(self, key: str) -> Callable[[], Any]:
        """Return a zero-argument reader that gives a fresh copy of the read `key`."""
        value = self.reads()[key]
        return lambda: copy.deepcopy(value)
