"""Every dashboard wardwatch ships, by file name: the list the generator writes and checks."""

from __future__ import annotations

from collections.abc import Callable

from grafana_foundation_sdk.builders.dashboard import Dashboard

from dashboards import (
    city_overview,
    collector_health,
    link_heatmap,
    machine_detail,
    unit_detail,
)
from dashboards.text import Lang

Build = Callable[[Lang], Dashboard]

DASHBOARDS: dict[str, Build] = {
    "city-overview": city_overview.build,
    "unit-detail": unit_detail.build,
    "machine-detail": machine_detail.build,
    "link-heatmap": link_heatmap.build,
    "collector-health": collector_health.build,
}
