"""The agent service: reports on schedule, inventory first, delivered and applied config."""

from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path

from fake_collector import FakeCollector

from agent import config, statefile
from agent.config import AgentConfig
from agent.service import Service, _next_slot, offset_seconds


def test_offsets_spread_agents_over_the_interval_and_stay_put() -> None:
    ids = [secrets.token_hex(16) for _ in range(2000)]
    offsets = [offset_seconds(agent_id, 60.0) for agent_id in ids]
    assert all(0 <= o < 60 for o in offsets)
    assert max(offsets) - min(offsets) > 55  # not all in the same second
    assert len({round(o) for o in offsets}) >= 55  # nearly every second of the minute used
    assert offset_seconds(ids[0], 60.0) == offsets[0]


def test_next_slot_is_within_one_interval() -> None:
    now = time.monotonic()
    slot = _next_slot(now, 60.0, 17.0)
    assert now < slot <= now + 60.0
    assert abs((time.time() + (slot - now) - 17.0) % 60.0) < 0.01


def _service_config(tmp_path: Path, url: str) -> AgentConfig:
    path = tmp_path / "agent.yml"
    path.write_text(
        f"collector: {{url: '{url}'}}\n"
        f"state_directory: '{tmp_path / 'state'}'\n"
        "identity: {ward: '26734'}\n"
        "intervals: {health_seconds: 0.5}\n"
        "collectors: {system: {enabled: false}, media: {enabled: false}}\n",
        encoding="utf-8",
    )
    return config.load(path)


def test_service_reports_on_schedule_and_delivers_every_report(tmp_path: Path) -> None:
    with FakeCollector() as collector:
        cfg = _service_config(tmp_path, collector.url)
        statefile.write_token(Path(cfg.state_directory), collector.token)
        collector.push_config = {
            "probes": {
                "modules": {"tcp": {"prober": "tcp", "timeout_seconds": 1}},
                "targets": [
                    {
                        "name": "datacenter",
                        "module": "tcp",
                        "target": collector.url.removeprefix("http://"),
                    }
                ],
            }
        }
        stop = threading.Event()
        service = Service(cfg, stop)
        runner = threading.Thread(target=service.run)
        runner.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(collector.stored) < 4:
            time.sleep(0.05)
        stop.set()
        runner.join(10)
    stored = [collector.stored[s] for s in sorted(collector.stored)]
    assert [r["seq"] for r in stored] == list(range(1, len(stored) + 1))
    assert len(stored) >= 4
    assert stored[0]["kind"] == "inventory"
    assert {r["kind"] for r in stored[1:]} == {"health"}
    # The config pushed with the first acknowledgement is used by a later cycle.
    assert any(
        p["name"] == "datacenter" and p["result"] == "success"
        for r in stored[2:]
        for p in r["probes"]
    )
    assert not runner.is_alive()
