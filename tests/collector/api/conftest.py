"""A real collector over HTTP: uvicorn on 127.0.0.1 (port 0) in a thread, per module and backend.

Every test module gets one collector per backend (SQLite file, PostgreSQL schema) with a
fresh store; tests enroll their own agents so they never see each other's machines.
A module changes the collector's limits by overriding the `collector_limits` fixture, its
standard by overriding `collector_standard`.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_collector import LiveCollector, ServerThread
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from collector.app import create_app
from collector.config import CollectorConfig, LimitsConfig, MetricsConfig, StorageConfig


def _postgres_schema_url(database_url: str) -> str:
    schema = f"api_{secrets.token_hex(6)}"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """Return the URL of an empty store for this module: SQLite file or PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('store') / 'wardwatch.sqlite'}"
    return _postgres_schema_url(request.getfixturevalue("postgres_database_url"))


@pytest.fixture(scope="module")
def collector_limits() -> dict[str, Any]:
    """Override in a module to change the collector's LimitsConfig fields."""
    return {}


@pytest.fixture(scope="module")
def collector_metrics() -> dict[str, Any]:
    """Override in a module to change the collector's MetricsConfig fields (files: paths)."""
    return {}


@pytest.fixture(scope="module")
def collector_standard() -> str | None:
    """The standard file the module's collector judges by: None for the shipped default."""
    return None


def _secret_file(directory: Path, name: str) -> tuple[str, str]:
    value = secrets.token_urlsafe(24)
    path = directory / name
    path.write_text(value + "\n", encoding="utf-8")
    return value, str(path)


@pytest.fixture(scope="module")
def collector(
    module_store_url: str,
    collector_limits: dict[str, Any],
    collector_standard: str | None,
    collector_metrics: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveCollector]:
    """Run a collector on a fresh store; stop it after the module."""
    directory = tmp_path_factory.mktemp("collector")
    secret, secret_path = _secret_file(directory, "enroll.secret")
    admin_token, admin_path = _secret_file(directory, "admin.token")
    viewer_token, viewer_path = _secret_file(directory, "viewer.token")
    config = CollectorConfig(
        storage=StorageConfig(data_directory=str(directory / "data"), url=module_store_url),
        limits=dataclasses.replace(LimitsConfig(), **collector_limits),
        admin_token_file=admin_path,
        viewer_token_file=viewer_path,
        metrics=MetricsConfig(**collector_metrics),
        enrollment_secret_files={"*": secret_path},
        standard_file=collector_standard,
    )
    server = ServerThread(create_app(config))
    url = server.start()
    try:
        yield LiveCollector(url, module_store_url, secret, admin_token, config, viewer_token)
    finally:
        server.stop()
