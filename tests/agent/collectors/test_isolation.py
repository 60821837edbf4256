"""A failing or inapplicable collector is recorded by registry.run; the others still report."""

from __future__ import annotations

from agent.collectors import registry
from agent.collectors.registry import Context, Registered
from agent.paths import PathsConfig


def _boom(ctx: Context) -> dict[str, object]:
    raise RuntimeError("sysfs exploded")


def test_a_failure_is_recorded_and_the_rest_still_run(tree, tmp_path) -> None:
    chosen = [
        Registered("boom", _boom, "hardware", True),
        registry.get("system"),
        registry.get("memory"),
    ]
    paths = PathsConfig(procfs=tree("vm").procfs, sysfs=str(tmp_path))  # /sys empty
    values, outcomes = registry.run(chosen, Context(paths, "linux"))
    assert (values["boom"], outcomes["boom"].success) == (None, False)
    assert outcomes["boom"].error == "RuntimeError: sysfs exploded"
    assert (values["system"], outcomes["system"].success, outcomes["system"].not_applicable) == (
        None,
        True,
        True,
    )  # no DMI under an empty /sys: recorded, not a failure
    assert outcomes["memory"].success
    assert values["memory"]["total_bytes"] == 4027584 * 1024


def test_every_linux_collector_is_registered() -> None:
    expected = {"cpu", "memory", "disks", "network", "os", "system", "security", "health", "media"}
    assert expected <= set(registry.names())
    assert registry.get("os").section == "os"
    assert registry.get("health").section == "health"
    assert registry.get("disks").section == "hardware"
