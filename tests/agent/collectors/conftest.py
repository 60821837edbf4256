"""Fixtures for the Linux collector tests: fake /proc, /sys, /etc, /dev trees and fake meters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agent.collectors.mounts_linux import Usage
from agent.collectors.registry import CollectFn, Context
from agent.errors import NotApplicable
from agent.paths import PathsConfig

TREES = Path(__file__).resolve().parents[2] / "testdata" / "linux"
SCENARIOS = ("desktop", "laptop", "vm")
GIB = 2**30


def tree_paths(root: Path) -> PathsConfig:
    """Return the PathsConfig that reads the fake tree at `root`."""
    return PathsConfig(
        procfs=str(root / "proc"),
        sysfs=str(root / "sys"),
        etc=str(root / "etc"),
        dev=str(root / "dev"),
    )


@pytest.fixture
def tree() -> Callable[[str], PathsConfig]:
    """Return `tree(scenario)`: the paths of tests/testdata/linux/<scenario>."""
    return lambda scenario: tree_paths(TREES / scenario)


@pytest.fixture
def usage() -> Callable[[str], Usage | None]:
    """Measure every mount as 100 GiB with 25 GiB free (60 used, 15 reserved for root)."""
    return lambda mount: Usage(total_bytes=100 * GIB, free_bytes=25 * GIB, used_bytes=60 * GIB)


@pytest.fixture
def this_machine(validate_section) -> Callable[[CollectFn, str], Any]:
    """Return `run(collect, section)`: collect on the real machine, check it, return it.

    A collector may raise NotApplicable here (a container has no DMI table): then None.
    """

    def run(collect: CollectFn, section: str) -> Any:
        try:
            value = collect(Context())
        except NotApplicable:
            return None
        validate_section(section, value)
        return value

    return run
