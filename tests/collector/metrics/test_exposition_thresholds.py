"""The standard's limits on /metrics: the numbers of the loaded standard file, from both paths."""

from __future__ import annotations

import dataclasses

from metrics_state import NOW
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from test_exposition_promtool import promtool_check

from collector.metrics import Thresholds, WardView, build_registry, render
from collector.state import Fleet
from standard.model import Standard


def values(body: bytes) -> dict[tuple[str, tuple[str, ...]], float]:
    """Return the wardwatch_standard_ samples of `body` as {(name, label values): value}."""
    families = text_string_to_metric_families(body.decode())
    return {
        (s.name, tuple(s.labels.values())): s.value
        for f in families
        if f.name.startswith("wardwatch_standard_")
        for s in f.samples
    }


def test_link_and_readiness_limits_come_from_the_loaded_standard(
    state_fleet: Fleet, standard: Standard
) -> None:
    links = dict(standard.links)
    links["datacenter"] = dataclasses.replace(links["datacenter"], max_loss_ratio=0.005)
    edited = dataclasses.replace(standard, links=links)

    got = values(render(state_fleet, (), None, now=NOW, thresholds=Thresholds(edited, 120)))

    assert got[("wardwatch_standard_link_max_loss_ratio", ("datacenter",))] == 0.005
    assert got[("wardwatch_standard_link_max_rtt_p95_seconds", ("video_conference",))] == 0.15
    assert got[("wardwatch_standard_link_max_jitter_seconds", ("records",))] == 0.1
    assert got[("wardwatch_standard_link_min_availability_ratio", ("feedback_1022",))] == 0.99
    assert got[("wardwatch_standard_readiness_min_link_share_ratio", ())] == 0.9
    assert got[("wardwatch_standard_stale_after_seconds", ())] == 120
    names = ("datacenter", "Trung tâm Dữ liệu chung", "common data centre")
    assert got[("wardwatch_standard_link_info", names)] == 1
    targets = {labels for (name, labels) in got if name.endswith("max_loss_ratio")}
    assert targets == {(t,) for t in standard.links}


def test_both_paths_write_the_same_thresholds(
    state_fleet: Fleet, state_wards: tuple[WardView, ...], standard: Standard
) -> None:
    thresholds = Thresholds(standard, 180)
    registry = build_registry(
        state_fleet, lambda: state_wards, None, clock=lambda: NOW, thresholds=thresholds
    )
    fast = render(state_fleet, state_wards, None, now=NOW, thresholds=thresholds)
    assert generate_latest(registry) == fast


def test_promtool_accepts_the_thresholds(state_fleet: Fleet, standard: Standard) -> None:
    body = render(state_fleet, (), None, now=NOW, thresholds=Thresholds(standard, 180))
    result = promtool_check(body)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout
