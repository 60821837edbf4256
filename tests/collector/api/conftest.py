"""A real collector over HTTP: uvicorn on 127.0.0.1 (port 0) in a thread, per module and backend.

Every test module gets one collector per backend (SQLite file, PostgreSQL schema) with a
fresh store; tests enroll their own agents so they never see each other's machines.
A module changes the collector's limits by overriding the `collector_limits` fixture, its
standard by overriding `collector_standard`.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_collector import WINDOW_SECONDS, LiveCollector, ServerThread, collector_config
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from agent.config import ModuleConfig, ProbesConfig, TargetConfig
from agent.probes.runner import run_probes
from collector.app import create_app
from collector.config import MetricsConfig
from standard.model import DEFAULT_STANDARD


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


@pytest.fixture(scope="module")
def short_window_standard(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The shipped standard with the links' availability window cut to WINDOW_SECONDS."""
    text = Path(DEFAULT_STANDARD).read_text(encoding="utf-8")
    assert "availability_window_seconds: 86400" in text
    path = tmp_path_factory.mktemp("standard") / "standard.yml"
    path.write_text(
        text.replace(
            "availability_window_seconds: 86400", f"availability_window_seconds: {WINDOW_SECONDS}"
        ),
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture(scope="module")
def datacenter_probes() -> Iterator[dict[bool, list[dict[str, Any]]]]:
    """The agent's probe of "datacenter": up (a listener) and down (a closed port)."""
    with socket.socket() as listener, socket.socket() as closed:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused

        def probe(port: int) -> list[dict[str, Any]]:
            config = ProbesConfig(
                samples=1,
                modules={"tcp": ModuleConfig(prober="tcp", timeout_seconds=1)},
                targets=(TargetConfig("datacenter", "tcp", f"127.0.0.1:{port}"),),
            )
            return run_probes(config)

        yield {True: probe(listener.getsockname()[1]), False: probe(closed.getsockname()[1])}


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
    config, secret, admin_token = collector_config(
        directory,
        module_store_url,
        collector_standard,
        MetricsConfig(**collector_metrics),
        **collector_limits,
    )
    server = ServerThread(create_app(config))
    url = server.start()
    try:
        viewer_token = Path(str(config.viewer_token_file)).read_text(encoding="utf-8").strip()
        yield LiveCollector(url, module_store_url, secret, admin_token, config, viewer_token)
    finally:
        server.stop()
