"""The cycle: targets run concurrently, samples spaced, everything within the deadline."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from agent.config import ModuleConfig, ProbesConfig, TargetConfig
from agent.net.steps import Offload
from agent.probes.loop import SampleTask
from agent.probes.probers import PROBERS, Prober
from agent.probes.result import Sample
from agent.probes.runner import run_probes
from agent.probes.targets import check_target
from contract.report import schema

KEYS = schema()["properties"]["probes"]["items"]["required"]


def cycle(
    targets: dict[str, tuple[str, str]], modules: dict[str, ModuleConfig], **settings: Any
) -> ProbesConfig:
    listed = tuple(TargetConfig(name, module, target) for name, (module, target) in targets.items())
    return ProbesConfig(modules=modules, targets=listed, **settings)


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in items}


def test_every_prober_in_one_cycle(
    silent_listener: int,
    closed_port: int,
    http_server: Callable[..., str],
    dns_server: Callable[..., str],
    probe_item_validator: Draft202012Validator,
) -> None:
    modules = {
        "tcp": ModuleConfig(prober="tcp", timeout_seconds=1),
        "http": ModuleConfig(prober="http", timeout_seconds=1),
        "dns": ModuleConfig(prober="dns", query_name="records.example", timeout_seconds=1),
        "icmp": ModuleConfig(prober="icmp", timeout_seconds=1),
    }
    targets = {
        "up": ("tcp", f"127.0.0.1:{silent_listener}"),
        "down": ("tcp", f"127.0.0.1:{closed_port}"),
        "broken": ("http", http_server(500)),
        "resolver": ("dns", dns_server({"records.example": ["10.0.0.7"]})),
        "gateway": ("icmp", "127.0.0.1"),
    }
    items = run_probes(cycle(targets, modules, samples=3, sample_interval_seconds=0.05))
    for item in items:
        probe_item_validator.validate(item)
        assert list(item) == KEYS
    found = by_name(items)
    assert [item["name"] for item in items] == list(targets)
    assert found["up"]["result"] == "success" and found["up"]["successes"] == 3
    assert found["up"]["rtt_p95_seconds"] >= found["up"]["rtt_min_seconds"] > 0
    assert found["up"]["jitter_seconds"] is not None
    assert found["down"]["result"] == "connection_refused" and found["down"]["loss_ratio"] == 1.0
    assert found["broken"]["result"] == "http_status"
    assert found["broken"]["http"]["status_code"] == 500
    assert found["resolver"]["dns"] == {"answers": ["10.0.0.7"], "rcode": "NOERROR"}
    assert found["gateway"]["mode"] in ("datagram", "raw", "command", None)


def test_targets_run_concurrently(dns_server: Callable[..., str]) -> None:
    silent = dns_server(behaviour="silent")
    modules = {"dns": ModuleConfig(prober="dns", query_name="x.example", timeout_seconds=0.5)}
    targets = {f"t{i}": ("dns", silent) for i in range(5)}
    started = time.monotonic()
    items = run_probes(cycle(targets, modules, samples=1))
    assert time.monotonic() - started < 1.0  # one after another would take 2.5 s
    assert {item["result"] for item in items} == {"timeout"}


def test_deadline_bounds_the_cycle(
    silent_listener: int, probe_item_validator: Draft202012Validator
) -> None:
    modules = {"http": ModuleConfig(prober="http", timeout_seconds=5)}
    targets = {"silent": ("http", f"http://127.0.0.1:{silent_listener}/")}
    started = time.monotonic()
    (item,) = run_probes(cycle(targets, modules, samples=3, deadline_seconds=1.0))
    assert time.monotonic() - started < 1.5
    probe_item_validator.validate(item)
    assert item["result"] in ("deadline_exceeded", "timeout")
    assert (item["samples"], item["successes"], item["loss_ratio"]) == (3, 0, 1.0)
    assert "deadline" in item["error"]


def test_a_hung_lookup_is_abandoned_at_the_deadline() -> None:
    release = threading.Event()

    def hung(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
        yield Offload(lambda: release.wait(5))  # ignores its deadline, as getaddrinfo would
        return Sample("success", 0.001)

    modules = {"tcp": ModuleConfig(prober="tcp")}
    config = cycle({"hung": ("tcp", "127.0.0.1:9")}, modules, deadline_seconds=0.5)
    started = time.monotonic()
    try:
        (item,) = run_probes(config, probers={**PROBERS, "tcp": hung})
    finally:
        release.set()
    assert time.monotonic() - started < 1.0
    assert item["result"] == "deadline_exceeded"
    assert item["samples"] == 5 and item["successes"] == 0


def test_a_hung_lookup_holds_up_no_other_target(silent_listener: int) -> None:
    release = threading.Event()

    def hung(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
        yield Offload(lambda: release.wait(5))
        return Sample("success", 0.001)

    modules = {
        "tcp": ModuleConfig(prober="tcp", timeout_seconds=1),
        "hung": ModuleConfig(prober="icmp", timeout_seconds=1),
    }
    targets = {"up": ("tcp", f"127.0.0.1:{silent_listener}"), "hung": ("hung", "x")}
    config = cycle(targets, modules, samples=3, sample_interval_seconds=0.05)
    try:
        found = by_name(run_probes(config, probers={**PROBERS, "icmp": hung}))
    finally:
        release.set()
    assert found["up"]["successes"] == 3
    assert found["hung"]["successes"] == 0


def test_samples_are_spaced_and_cut_by_the_deadline(silent_listener: int) -> None:
    modules = {"tcp": ModuleConfig(prober="tcp", timeout_seconds=1)}
    targets = {"up": ("tcp", f"127.0.0.1:{silent_listener}")}
    spaced = run_probes(cycle(targets, modules, samples=3, sample_interval_seconds=0.2))[0]
    assert spaced["successes"] == 3 and spaced["duration_seconds"] >= 0.4
    config = cycle(targets, modules, samples=5, sample_interval_seconds=0.2, deadline_seconds=0.3)
    cut = run_probes(config)[0]
    assert cut["result"] == "success" and 0 < cut["successes"] < 5
    assert cut["loss_ratio"] == pytest.approx(1 - cut["successes"] / 5)


def _raising_at_start(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
    raise RuntimeError("bug in a prober")


def _raising_later(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
    yield from ()
    raise RuntimeError("bug in a prober")


@pytest.mark.parametrize("broken", [_raising_at_start, _raising_later])
def test_a_raising_prober_is_an_error_result(broken: Prober, silent_listener: int) -> None:
    modules = {"tcp": ModuleConfig(prober="tcp"), "bad": ModuleConfig(prober="http")}
    targets = {"x": ("bad", "http://127.0.0.1:9/"), "up": ("tcp", f"127.0.0.1:{silent_listener}")}
    found = by_name(
        run_probes(cycle(targets, modules, samples=1), probers={**PROBERS, "http": broken})
    )
    assert found["x"]["result"] == "error"
    assert "RuntimeError: bug in a prober" in found["x"]["error"]
    assert found["up"]["result"] == "success"


def test_a_cycle_of_ip_targets_runs_on_the_calling_thread_alone(
    silent_listener: int, http_server: Callable[..., str], dns_server: Callable[..., str]
) -> None:
    code = f"""
import sys, threading
from agent.config import ModuleConfig, ProbesConfig, TargetConfig
from agent.probes.runner import run_probes
modules = {{
    "tcp": ModuleConfig(prober="tcp", timeout_seconds=1),
    "http": ModuleConfig(prober="http", timeout_seconds=1),
    "dns": ModuleConfig(prober="dns", query_name="records.example", timeout_seconds=1),
}}
targets = (
    TargetConfig("up", "tcp", "127.0.0.1:{silent_listener}"),
    TargetConfig("web", "http", "{http_server(200)}"),
    TargetConfig("resolver", "dns", "{dns_server({"records.example": ["10.0.0.7"]})}"),
)
items = run_probes(ProbesConfig(modules=modules, targets=targets, samples=3,
                                sample_interval_seconds=0.01))
print([i["successes"] for i in items], threading.active_count(),
      "concurrent.futures" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[3,", "3,", "3]", "1", "False"]


def test_a_named_target_is_looked_up_off_the_loop(silent_listener: int) -> None:
    modules = {"tcp": ModuleConfig(prober="tcp", timeout_seconds=1)}
    targets = {"named": ("tcp", f"localhost:{silent_listener}")}
    (item,) = run_probes(cycle(targets, modules, samples=2, sample_interval_seconds=0.01))
    assert item["successes"] == 2


def test_no_targets() -> None:
    assert run_probes(ProbesConfig()) == []


def test_injected_clock_measures_duration(silent_listener: int) -> None:
    ticks = iter(float(n) for n in range(1000))
    modules = {"tcp": ModuleConfig(prober="tcp", timeout_seconds=1)}
    config = cycle({"up": ("tcp", f"127.0.0.1:{silent_listener}")}, modules, samples=1)
    (item,) = run_probes(config, clock=lambda: next(ticks))
    assert item["result"] == "success"
    assert item["duration_seconds"] == float(int(item["duration_seconds"])) > 0


def test_runner_does_not_import_ssl_or_http_client() -> None:
    code = (
        "import sys, agent.probes.runner; print(sorted({'ssl', 'http.client'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("prober", "target"),
    [("tcp", "127.0.0.1"), ("http", "127.0.0.1:80"), ("icmp", "host:1"), ("dns", "[::1")],
)
def test_check_target_refuses(prober: str, target: str) -> None:
    with pytest.raises(ValueError):
        check_target(target, prober, "x.example")


def test_check_target_accepts_system_resolver() -> None:
    check_target("system", "dns", "records.example")
