"""Property tests of the agent's Linux readers: any /proc, /sys or /etc text ends in a value
or an AgentError (NotApplicable included), never another exception.

The pure parsers get any text and their recorded input with a span changed; every Linux
collector runs on a copy of the desktop tree with one file's bytes replaced, and what it
returns must still fit its section of the report schema.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzzing import fixed
from hypothesis import given
from hypothesis import strategies as st

from agent.collectors import registry
from agent.collectors.addresses_linux import parse_if_inet6, parse_ifconf
from agent.collectors.cpu import parse_cpuinfo
from agent.collectors.health_linux import parse_loadavg, parse_uptime
from agent.collectors.media import parse_cards
from agent.collectors.memory import parse_meminfo
from agent.collectors.mounts_linux import parse_mounts
from agent.collectors.netif_linux import parse_route
from agent.collectors.os import parse_os_release
from agent.collectors.procstat_linux import parse_stat
from agent.collectors.registry import Context
from agent.errors import AgentError
from agent.identity import parse_machine_id
from agent.paths import PathsConfig

DESKTOP = Path(__file__).resolve().parents[2] / "testdata" / "linux" / "desktop"
PARSERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "meminfo": (parse_meminfo, "proc/meminfo"),
    "cpuinfo": (parse_cpuinfo, "proc/cpuinfo"),
    "stat": (parse_stat, "proc/stat"),
    "route": (parse_route, "proc/net/route"),
    "os-release": (parse_os_release, "etc/os-release"),
    "loadavg": (parse_loadavg, "proc/loadavg"),
    "uptime": (parse_uptime, "proc/uptime"),
    "if_inet6": (parse_if_inet6, "proc/net/if_inet6"),
    "mounts": (parse_mounts, "proc/self/mounts"),
    "asound cards": (parse_cards, "proc/asound/cards"),
    "machine-id": (parse_machine_id, "etc/machine-id"),
}
LINUX_COLLECTORS = [name for name in registry.names() if "linux" in registry.get(name).fn.readers]


def changed(recorded: str) -> st.SearchStrategy[str]:
    """Draw `recorded` with a span replaced by any text, or cut short."""
    spot = st.integers(0, len(recorded))
    return st.builds(
        lambda at, width, text: recorded[:at] + text + recorded[at + width :],
        spot,
        st.integers(0, 12),
        st.text(max_size=12) | st.sampled_from(["\n", " ", "\t", ":", "-1", "1e999", "nan"]),
    ) | st.builds(lambda at: recorded[:at], spot)


def value_or_agent_error(parse: Callable[..., Any], *args: Any) -> Any:
    """Call `parse`; return its value, or None when it raised an AgentError."""
    try:
        return parse(*args)
    except AgentError:
        return None


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_a_parser_returns_a_value_or_an_agent_error_for_any_text(name: str) -> None:
    parse, recorded = PARSERS[name]
    text = (DESKTOP / recorded).read_text(encoding="utf-8")

    @fixed(120)
    @given(st.text(max_size=300) | changed(text))
    def parses(fuzzed: str) -> None:
        value_or_agent_error(parse, fuzzed)

    parses()


@fixed(100)
@given(st.binary(max_size=200), st.sampled_from([40, 32]))  # ifreq on 64- and 32-bit kernels
def test_the_ifconf_records_parse_for_any_bytes(data: bytes, record: int) -> None:
    value_or_agent_error(parse_ifconf, data, record)


@pytest.fixture(scope="module")
def fake_root() -> Iterator[Path]:
    """A copy of the desktop tree the test may overwrite file by file."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "desktop"
        shutil.copytree(DESKTOP, root, symlinks=True)
        yield root


def tree_files(root: Path) -> list[str]:
    """Return the relative path of every regular file in the tree."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def contents(root: Path) -> st.SearchStrategy[tuple[str, bytes]]:
    """Draw a file of the tree and new bytes for it: any, or its own with a span changed."""
    files = tree_files(root)

    def new_bytes(path: str) -> st.SearchStrategy[tuple[str, bytes]]:
        text = (root / path).read_bytes().decode("utf-8", errors="replace")
        fuzzed = st.binary(max_size=100) | changed(text).map(lambda t: t.encode("utf-8", "replace"))
        return st.tuples(st.just(path), fuzzed)

    return st.sampled_from(files).flatmap(new_bytes)


def test_every_linux_collector_on_a_tree_with_one_file_replaced(
    fake_root: Path, validate_section: Callable[[str, Any], None]
) -> None:
    roots = {name: str(fake_root / name) for name in ("proc", "sys", "etc", "dev")}
    ctx = Context(PathsConfig(procfs=roots["proc"], sysfs=roots["sys"], etc=roots["etc"],
                              dev=roots["dev"]), "linux")  # fmt: skip

    @fixed(300)
    @given(contents(fake_root))
    def collects(replacement: tuple[str, bytes]) -> None:
        path, data = replacement
        original = (fake_root / path).read_bytes()
        (fake_root / path).write_bytes(data)
        try:
            for name in LINUX_COLLECTORS:
                reg = registry.get(name)
                value = value_or_agent_error(reg.fn, ctx)
                if value is not None:
                    where = f"hardware.{name}" if reg.section == "hardware" else reg.section
                    validate_section(where, value)
        finally:
            (fake_root / path).write_bytes(original)

    collects()
