"""A collector outage longer than the staleness window: the machine is up again soon after.

The collector calls a machine down after `stale_after_seconds` (here 6 s) without a report,
and tells agents so in its answers. The agent's own back-off bound is 300 s; after an
outage of well over the window it would otherwise wait up to tens of seconds more, showing
the machine down (a false alarm) long after the collector is back.
"""

from __future__ import annotations

import time

import pytest
from deployment import Agent, Collector, sample, wait_for

pytestmark = pytest.mark.slow

WINDOW_SECONDS = 6
OUTAGE_SECONDS = 18  # three windows: the agent's back-off has doubled past the window


def test_a_machine_is_up_within_the_window_after_a_long_collector_outage(
    collector: Collector, agent: Agent
) -> None:
    collector.configure(stale_after_seconds=WINDOW_SECONDS)
    agent.configure_intervals(health_seconds=1, retry_max_seconds=300)
    collector.start()
    agent_id = agent.enroll(collector)
    agent.start()
    logs = (agent.log, collector.log)

    def up() -> bool:
        return sample(collector.metrics(), "wardwatch_machine_up", agent_id=agent_id) == 1

    wait_for("the machine up", up, 20, *logs)
    collector.stop()
    time.sleep(OUTAGE_SECONDS)
    collector.start()  # the machine's last report is now older than the window

    wait_for("the machine up again within the window", up, WINDOW_SECONDS - 1, *logs)
    assert agent.status()["rejected"] == "0"
