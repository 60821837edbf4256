"""End-to-end fixtures: a collector process per backend, an agent process, both stopped after.

PostgreSQL: a fresh database per test, created through the `test` database
(WARDWATCH_TEST_POSTGRES overrides its URL) and dropped after the collector stops.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from deployment import Agent, Collector
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ADMIN_URL = os.environ.get(
    "WARDWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def postgres_store_url() -> Iterator[str]:
    """Create an empty PostgreSQL database; drop it at the end."""
    name = f"wardwatch_e2e_{secrets.token_hex(4)}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


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
