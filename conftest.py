"""Fixtures for every test folder: fresh PostgreSQL databases on the machine's server.

At the repository root, not in tests/: a conftest in tests/ would put tests/ on sys.path,
where tests/collector and tests/agent would shadow the real packages.

Databases are created through the `test` database (WARDWATCH_TEST_POSTGRES overrides its
URL) and dropped afterwards. An unreachable server fails the tests: CI runs PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ADMIN_URL = os.environ.get(
    "WARDWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextlib.contextmanager
def _fresh_database(prefix: str) -> Iterator[str]:
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_database_url() -> Iterator[str]:
    """Return a PostgreSQL database shared by this test session."""
    with _fresh_database("wardwatch_test") as url:
        yield url


@pytest.fixture
def postgres_store_url() -> Iterator[str]:
    """Return an empty PostgreSQL database of this test's own, e.g. for a collector process."""
    with _fresh_database("wardwatch_e2e") as url:
        yield url
