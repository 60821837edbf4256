"""Dashboard test fixtures: the live city (a collector fed by a synthetic city, Prometheus).

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

from live_city import Feeder, LiveCity, Prometheus, collector_for
from synthetic_city import SyntheticCity, inventory_yaml

MACHINES = 336  # two a unit: a workstation and a room PC
INTERVAL_SECONDS = 1.0  # Prometheus scrapes and evaluates every second
REPORT_SECONDS = 2.0  # every machine reports every two seconds
STALE_SECONDS = 5.0  # a machine silent this long is down
WARM_UP_SECONDS = 20.0  # rates, staleness and availability have data after this


@pytest.fixture(scope="session")
def live_city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCity]:
    """A collector fed by the synthetic city, scraped by Prometheus for WARM_UP_SECONDS."""
    directory = tmp_path_factory.mktemp("live-city")
    collector = collector_for(directory, inventory_yaml(MACHINES), STALE_SECONDS)
    prometheus = Prometheus(directory, f"127.0.0.1:{collector.port}", INTERVAL_SECONDS)
    city = SyntheticCity(collector.url, collector.secret_file.read_text().strip(), MACHINES)
    feeder = Feeder(city, REPORT_SECONDS)
    try:
        collector.start()
        city.start()
        prometheus.start()
        started = time.time()
        feeder.start()
        time.sleep(WARM_UP_SECONDS)
        assert feeder.failure is None, feeder.failure
        yield LiveCity(collector, city, prometheus, started, INTERVAL_SECONDS)
    finally:
        feeder.halt.set()
        feeder.join(30)
        city.close()
        prometheus.stop()
        collector.stop()
