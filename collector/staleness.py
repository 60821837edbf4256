"""How long a machine may stay without reporting before it counts as silent."""

from __future__ import annotations

from agent.config import IntervalsConfig
from collector.config import CollectorConfig
from standard.model import Standard


def stale_after_seconds(config: CollectorConfig, standard: Standard) -> float:
    """How long without a report makes a machine silent: the config's `stale_after_seconds`,
    else the standard's `agent.stale_after_intervals` times the agents' report interval
    (the `intervals.health_seconds` the collector pushes, else the agent's default)."""
    if config.stale_after_seconds is not None:
        return config.stale_after_seconds
    pushed = config.agents.intervals
    interval = (pushed or IntervalsConfig()).health_seconds
    return standard.agent.stale_after_intervals * interval
