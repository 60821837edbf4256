"""End-to-end fixtures: a collector process per backend, an agent process, both stopped after.

PostgreSQL: a fresh database per test (`postgres_store_url`, tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from deployment import Agent, Collector


@pytest.fixture(params=["sqlite", "postgresql"])
def collector(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Collector]:
    """A collector process (not yet started) on a fresh store; stopped at the end."""
    store_url = None
    if request.param == "postgresql":
        store_url = request.getfixturevalue("postgres_store_url")
    directory = tmp_path / "collector"
    directory.mkdir()
    process = Collector(directory, store_url)
    yield process
    process.stop()


@pytest.fixture
def agent(tmp_path: Path, collector: Collector) -> Iterator[Agent]:
    """An agent (not yet started) probing the collector's port; stopped at the end."""
    directory = tmp_path / "agent"
    directory.mkdir()
    process = Agent(directory, collector.port)
    yield process
    process.stop()
