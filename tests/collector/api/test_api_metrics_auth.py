"""/metrics behind a bearer token or basic auth, as Prometheus's scrape settings send them."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from api_client import call
from live_collector import ServerThread

from collector.app import create_app
from collector.config import CollectorConfig, MetricsConfig, StorageConfig

TOKEN = "scrape-token-of-24-chars"
PASSWORD = "scrape-password-24-chars"


def serve(tmp_path: Path, metrics: MetricsConfig) -> tuple[ServerThread, str]:
    config = CollectorConfig(storage=StorageConfig(data_directory=str(tmp_path)), metrics=metrics)
    server = ServerThread(create_app(config))
    return server, server.start()


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture
def secret_files(tmp_path: Path) -> Path:
    (tmp_path / "token").write_text(TOKEN + "\n")
    (tmp_path / "password").write_text(PASSWORD + "\n")
    return tmp_path


@pytest.mark.parametrize(
    ("setting", "right", "wrong"),
    [
        ({"bearer_token_file": "token"}, {"Authorization": f"Bearer {TOKEN}"},
         {"Authorization": "Bearer another-token-of-24-chars"}),
        ({"basic_username": "prometheus", "basic_password_file": "password"},
         basic("prometheus", PASSWORD), basic("prometheus", TOKEN)),
    ],
    ids=["bearer", "basic"],
)  # fmt: skip
def test_metrics_needs_the_configured_credential(
    secret_files: Path, setting: dict[str, str], right: dict[str, str], wrong: dict[str, str]
) -> None:
    files = {k: str(secret_files / v) if k.endswith("_file") else v for k, v in setting.items()}
    server, url = serve(secret_files / "store", MetricsConfig(**files))
    try:
        assert call(url, "GET", "/metrics").status == 401
        assert call(url, "GET", "/metrics", headers=wrong).status == 401
        scraped = call(url, "GET", "/metrics", headers=right)
        assert scraped.status == 200 and "wardwatch_ingest_reports_accepted_total" in scraped.body
        assert call(url, "GET", "/readyz").status == 200  # only /metrics is guarded
    finally:
        server.stop()


def test_metrics_is_open_by_default(tmp_path: Path) -> None:
    server, url = serve(tmp_path, MetricsConfig())
    try:
        assert call(url, "GET", "/metrics").status == 200
    finally:
        server.stop()
