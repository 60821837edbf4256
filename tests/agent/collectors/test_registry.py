"""The registry runs each collector's reader for the context's platform, importing no other."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agent.collectors import registry
from agent.collectors.registry import Context, PlatformReaders
from agent.errors import NotApplicable
from agent.paths import PathsConfig

REPO = Path(__file__).resolve().parents[3]


def _linux_reader(ctx: Context) -> dict[str, Any]:
    return {"read_on": "linux"}


def _windows_reader(ctx: Context) -> dict[str, Any]:
    return {"read_on": ctx.platform}


@pytest.mark.parametrize("platform", ["win32", "darwin", "freebsd14"])
def test_a_platform_without_a_reader_is_not_applicable(platform: str) -> None:
    only_linux = PlatformReaders("probe", {"linux": _linux_reader})
    with pytest.raises(NotApplicable, match=f"^no probe reader for platform {platform}$"):
        only_linux(Context(PathsConfig(), platform))


def test_each_platform_gets_its_own_reader() -> None:
    both = PlatformReaders(
        "probe", {"linux": _linux_reader, "win32": f"{__name__}:_windows_reader"}
    )
    assert both(Context(PathsConfig(), "linux")) == {"read_on": "linux"}
    assert both(Context(PathsConfig(), "win32")) == {"read_on": "win32"}


def test_the_windows_reader_is_imported_only_on_windows() -> None:
    absent = "wardwatch_no_such_windows_module:collect"
    lazy = PlatformReaders("probe", {"linux": _linux_reader, "win32": absent})
    assert lazy(Context(PathsConfig(), "linux")) == {"read_on": "linux"}
    with pytest.raises(ModuleNotFoundError):
        lazy(Context(PathsConfig(), "win32"))


def test_a_registered_collector_without_a_reader_is_recorded_not_failed(monkeypatch) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", {})
    registry.collector("probe", linux=_linux_reader, section="health", default_enabled=False)
    with pytest.raises(ValueError, match="registered twice"):
        registry.collector("probe", linux=_linux_reader)
    values, outcomes = registry.run([registry.get("probe")], Context(PathsConfig(), "darwin"))
    outcome = outcomes["probe"]
    assert values == {"probe": None}
    assert (outcome.success, outcome.not_applicable) == (True, True)
    assert outcome.error == "no probe reader for platform darwin"
    assert registry.get("probe").section == "health"
    assert registry.enabled({}) == ()


@pytest.mark.parametrize("name", registry.names())
def test_every_collector_names_its_readers_after_itself(name: str) -> None:
    readers = registry.get(name).fn
    assert isinstance(readers, PlatformReaders)
    assert set(readers.readers) == {"linux", "win32"}
    linux, win32 = readers.readers["linux"], readers.readers["win32"]
    assert callable(linux) and linux.__module__ == f"agent.collectors.{name}"
    assert win32 == f"agent.collectors.{name}_windows:collect"
    assert callable(registry.resolve(win32))


_RUN_ON_LINUX = """
import sys
from agent.collectors import registry
from agent.paths import PathsConfig
paths = PathsConfig(**{fields!r})
registry.run(registry.enabled({{}}), registry.Context(paths, "linux"))
print(sorted(m for m in sys.modules if m.endswith("_windows") or m == "agent.collectors.cim"))
"""


def test_a_linux_agent_never_imports_a_windows_module(tree) -> None:
    script = _RUN_ON_LINUX.format(fields=dataclasses.asdict(tree("desktop")))
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
