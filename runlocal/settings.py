"""Where the main job keeps its files and listens: flags, else environment, else defaults."""

from __future__ import annotations

import argparse
import os
import socket
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


@dataclass(frozen=True)
class Settings:
    """The main job's directory, ports, city size and pace; `var` holds everything kept."""

    var: Path
    collector_port: int
    prometheus_port: int
    alertmanager_port: int
    ward: str
    machines: int
    interval_seconds: float
    summary_seconds: float
    lang: str
    hostname: str

    @property
    def collector_url(self) -> str:
        """Return the collector's base URL."""
        return f"http://127.0.0.1:{self.collector_port}"

    @property
    def prometheus_url(self) -> str:
        """Return Prometheus's base URL."""
        return f"http://127.0.0.1:{self.prometheus_port}"

    @property
    def alertmanager_url(self) -> str:
        """Return Alertmanager's base URL."""
        return f"http://127.0.0.1:{self.alertmanager_port}"


def parser() -> argparse.ArgumentParser:
    """Return the command line's parser; every default can come from the environment."""
    p = argparse.ArgumentParser(
        prog="scripts/run-local",
        description="Chạy wardwatch trên máy này / run wardwatch on this machine",
        epilog="Ports and ward from the environment: WARDWATCH_PORT (collector, 8440), "
        "WARDWATCH_PROMETHEUS_PORT (9490), WARDWATCH_ALERTMANAGER_PORT (9493), "
        "WARDWATCH_WARD (this PC's ward, phuong-tan-dinh).",
    )
    p.add_argument(
        "--var",
        type=Path,
        default=Path(os.environ.get("WARDWATCH_VAR", REPO / "var")),
        help="where data, configs and logs are kept (WARDWATCH_VAR; ./var)",
    )
    p.add_argument(
        "--machines",
        type=int,
        default=_env_int("WARDWATCH_SIM_MACHINES", 3000),
        help="machines of the simulated city (WARDWATCH_SIM_MACHINES; 3000)",
    )
    p.add_argument(
        "--interval",
        type=float,
        default=_env_float("WARDWATCH_SIM_INTERVAL", 60.0),
        help="seconds between a simulated machine's reports (WARDWATCH_SIM_INTERVAL; 60)",
    )
    p.add_argument(
        "--summary-seconds",
        type=float,
        default=_env_float("WARDWATCH_SUMMARY_SECONDS", 60.0),
        help="seconds between summaries (WARDWATCH_SUMMARY_SECONDS; 60)",
    )
    p.add_argument("--lang", choices=("vi", "en"), default=os.environ.get("WARDWATCH_LANG", "vi"))
    return p


def settings(argv: list[str] | None = None) -> Settings:
    """Read the flags and the environment."""
    args = parser().parse_args(argv)
    return Settings(
        var=args.var.resolve(),
        collector_port=_env_int("WARDWATCH_PORT", 8440),
        prometheus_port=_env_int("WARDWATCH_PROMETHEUS_PORT", 9490),
        alertmanager_port=_env_int("WARDWATCH_ALERTMANAGER_PORT", 9493),
        ward=os.environ.get("WARDWATCH_WARD", "phuong-tan-dinh"),
        machines=args.machines,
        interval_seconds=args.interval,
        summary_seconds=args.summary_seconds,
        lang=args.lang,
        hostname=socket.gethostname(),
    )
