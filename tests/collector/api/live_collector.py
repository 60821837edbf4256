"""A collector app served by uvicorn on 127.0.0.1 (a port it picks) in a daemon thread."""

from __future__ import annotations

import dataclasses
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from collector.config import CollectorConfig, LimitsConfig, MetricsConfig, StorageConfig

STARTUP_SECONDS = 20.0
WINDOW_SECONDS = 600  # the links' availability window of conftest's `short_window_standard`


@dataclass(frozen=True)
class LiveCollector:
    """A running collector: its base URL, store URL and the secrets and tokens it was given."""

    url: str
    store_url: str
    secret: str
    admin_token: str
    config: CollectorConfig
    viewer_token: str = ""


class ServerThread:
    """uvicorn serving `app` on a loopback port it picks, in a daemon thread."""

    def __init__(self, app: Any) -> None:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="warning", access_log=False, lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="collector", daemon=True)

    def start(self) -> str:
        """Start serving; return the base URL once the app's lifespan has started."""
        self.thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the collector did not start (see the captured log)")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        """Ask uvicorn to exit (running the lifespan's shutdown) and wait for it."""
        self.server.should_exit = True
        self.thread.join(STARTUP_SECONDS)


def _secret_file(directory: Path, name: str) -> tuple[str, str]:
    value = secrets.token_urlsafe(24)
    path = directory / name
    path.write_text(value + "\n", encoding="utf-8")
    return value, str(path)


def collector_config(
    directory: Path,
    store_url: str,
    standard_file: str | None = None,
    metrics: MetricsConfig | None = None,
    **limits: Any,
) -> tuple[CollectorConfig, str, str]:
    """Return a collector config on `store_url` with its enrollment secret and admin token
    (and a viewer token, in the file `viewer_token_file` names)."""
    secret, secret_path = _secret_file(directory, "enroll.secret")
    admin_token, admin_path = _secret_file(directory, "admin.token")
    _, viewer_path = _secret_file(directory, "viewer.token")
    config = CollectorConfig(
        storage=StorageConfig(data_directory=str(directory / "data"), url=store_url),
        limits=dataclasses.replace(LimitsConfig(), **limits),
        admin_token_file=admin_path,
        viewer_token_file=viewer_path,
        metrics=metrics or MetricsConfig(),
        enrollment_secret_files={"*": secret_path},
        standard_file=standard_file,
    )
    return config, secret, admin_token
