"""What a scrape shows follows the Fleet: retired machines vanish, stale ones are down."""

from __future__ import annotations

import importlib

import metrics_state
import pytest
from metrics_state import M1, M2, M3, NOW
from prometheus_client import REGISTRY, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from collector.metrics import (
    Exposition,
    FleetCollector,
    InfoCache,
    SelfMetrics,
    WardView,
    all_families,
    build_registry,
    render,
)
from collector.state import Fleet


def agents_in(body: bytes) -> set[str]:
    """Return every agent_id label value in `body`."""
    families = text_string_to_metric_families(body.decode())
    return {s.labels["agent_id"] for f in families for s in f.samples if "agent_id" in s.labels}


def values(body: bytes, name: str) -> dict[tuple[str, ...], float]:
    """Return the samples of family `name` as {label values: value}."""
    (family,) = [f for f in text_string_to_metric_families(body.decode()) if f.name == name]
    return {tuple(s.labels.values()): s.value for s in family.samples}


def test_retired_machine_disappears_from_the_next_scrape(state_fleet: Fleet) -> None:
    info = InfoCache()
    assert agents_in(render(state_fleet, (), None, now=NOW, info=info)) == {M1, M2, M3}
    state_fleet.remove(M2)
    assert agents_in(render(state_fleet, (), None, now=NOW, info=info)) == {M1, M3}
    assert len(info) == 2


def test_retired_machine_disappears_from_the_collector_path(state_fleet: Fleet) -> None:
    registry = build_registry(state_fleet, tuple, None, clock=lambda: NOW)
    state_fleet.remove(M1)
    names = {s.labels.get("agent_id") for m in registry.collect() for s in m.samples}
    assert M1 not in names and M2 in names


def test_changed_label_replaces_the_old_series(state_fleet: Fleet) -> None:
    exposition = Exposition(state_fleet, clock=lambda: NOW)
    exposition.render()
    old = state_fleet.get(M1)
    assert old is not None
    state_fleet.put(old._replace(hostname="PC-moi"))
    hostnames = {k[2] for k in values(exposition.render(), "wardwatch_machine_info")}
    assert hostnames == {"PC-moi", "PC-b2b2", "máy-chủ-01"}


def test_up_follows_the_staleness_window(state_fleet: Fleet) -> None:
    up = values(
        render(state_fleet, (), None, now=NOW, stale_after_seconds=60), "wardwatch_machine_up"
    )
    assert up == {(M1,): 1.0, (M2,): 0.0, (M3,): 1.0}
    later = render(state_fleet, (), None, now=NOW + 3600, stale_after_seconds=60)
    assert set(values(later, "wardwatch_machine_up").values()) == {0.0}


def test_no_sample_has_a_timestamp(fast_body: bytes) -> None:
    families = text_string_to_metric_families(fast_body.decode())
    assert all(s.timestamp is None for f in families for s in f.samples)


def test_every_metric_name_is_namespaced(fast_body: bytes) -> None:
    names = {f.name for f in text_string_to_metric_families(fast_body.decode())}
    assert names and all(n.startswith("wardwatch_") for n in names)


def test_describe_lists_every_family_in_exposition_order(fast_body: bytes) -> None:
    described = [m.name for m in FleetCollector(Fleet()).describe()]
    assert described == [f.name for f in all_families()]
    exposed = [f.name for f in text_string_to_metric_families(fast_body.decode())]
    assert exposed[: len(described)] == described


def test_missing_values_are_omitted_not_zero(fast_body: bytes) -> None:
    assert (M2,) not in values(fast_body, "wardwatch_machine_cpu_physical_cores")
    assert (M2, "datacenter") not in values(fast_body, "wardwatch_probe_rtt_p95_seconds")
    assert (M3,) not in values(fast_body, "wardwatch_machine_cpu_used_ratio")


def test_ward_rows_come_from_the_provider(
    state_fleet: Fleet, state_wards: tuple[WardView, ...]
) -> None:
    body = Exposition(state_fleet, lambda: state_wards[1:], clock=lambda: NOW).render()
    assert values(body, "wardwatch_ward_machines_expected") == {("dac-khu-con-dao",): 4.0}


def test_registry_is_not_the_global_one(state_fleet: Fleet) -> None:
    build_registry(state_fleet, tuple, SelfMetrics(), clock=lambda: NOW)
    assert not [n for n in REGISTRY._names_to_collectors if n.startswith("wardwatch_")]


def test_chunks_make_the_body(state_fleet: Fleet) -> None:
    exposition = Exposition(state_fleet, clock=lambda: NOW)
    chunks = list(exposition.chunks())
    assert chunks[0].startswith(b"# HELP wardwatch_") and all(c.endswith(b"\n") for c in chunks)
    assert b"".join(chunks) == exposition.render()


def test_families_are_written_in_batches_of_machines(monkeypatch: pytest.MonkeyPatch) -> None:
    # collector.metrics.render the module, not the function the package exports.
    monkeypatch.setattr(importlib.import_module("collector.metrics.render"), "BATCH_MACHINES", 2)
    fleet = metrics_state.fleet()
    registry = build_registry(fleet, tuple, None, clock=lambda: NOW)
    assert render(fleet, (), None, now=NOW) == generate_latest(registry)


def test_an_empty_fleet_renders_headers_only() -> None:
    registry = build_registry(Fleet(), tuple, None, clock=lambda: NOW)
    assert render(Fleet(), (), None, now=NOW) == generate_latest(registry)
