"""The collector's Prometheus exposition: wardwatch_ families built from the Fleet per scrape."""

from collector.metrics.families import DEFAULT_STALE_AFTER_SECONDS, all_families
from collector.metrics.fleet_collector import FleetCollector
from collector.metrics.machine_lines import InfoCache
from collector.metrics.registry import build_registry
from collector.metrics.render import Exposition, render, render_chunks
from collector.metrics.self_metrics import SelfMetrics
from collector.metrics.textformat import CONTENT_TYPE
from collector.metrics.thresholds import Thresholds
from collector.metrics.ward_view import WardsProvider, WardView, no_wards

__all__ = [
    "CONTENT_TYPE",
    "DEFAULT_STALE_AFTER_SECONDS",
    "Exposition",
    "FleetCollector",
    "InfoCache",
    "SelfMetrics",
    "Thresholds",
    "WardView",
    "WardsProvider",
    "all_families",
    "build_registry",
    "no_wards",
    "render",
    "render_chunks",
]
