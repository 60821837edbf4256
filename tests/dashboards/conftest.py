"""Dashboard test fixtures: the live city (a collector fed by the simulated city, Prometheus).

The end-to-end process helpers of tests/e2e (deployment.py) are shared: their folder is on
the import path here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from dropping_agent import DroppingAgent
from live_city import LiveCity, Prometheus, collector_for
from simulated_city import SimulatedCity

MACHINES = 400  # the simulated city: every unit, two or three machines each
INTERVAL_SECONDS = 1.0  # Prometheus scrapes and evaluates every second
REPORT_SECONDS = 2.0  # every machine reports every two seconds
STALE_SECONDS = 6.0  # a machine silent for three reports is down
WARM_UP_SECONDS = 25.0  # enrolled, and rates, staleness and availability have data


@pytest.fixture(scope="session")
def live_city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCity]:
    """A collector fed by the simulated city, scraped by Prometheus for WARM_UP_SECONDS."""
    directory = tmp_path_factory.mktemp("live-city")
    city = SimulatedCity(directory, MACHINES, REPORT_SECONDS)
    collector = collector_for(directory, city.write_inventory(), STALE_SECONDS)
    prometheus = Prometheus(directory, f"127.0.0.1:{collector.port}", INTERVAL_SECONDS)
    secret = collector.secret_file.read_text().strip()
    dropping = DroppingAgent(collector.url, secret, REPORT_SECONDS)
    try:
        collector.start()
        prometheus.start()
        started = time.time()
        city.start(collector)
        dropping.start()
        time.sleep(WARM_UP_SECONDS)
        city.check()
        assert dropping.failure is None, dropping.failure
        yield LiveCity(collector, city, dropping, prometheus, started, INTERVAL_SECONDS)
    finally:
        dropping.halt.set()
        city.stop()
        prometheus.stop()
        collector.stop()
