"""Property tests of the agent's readers of Windows output: recorded PowerShell/CIM JSON with
one property set to null or another value of its CIM type ends in a value that fits the
report schema or an AgentError (CimError, NotApplicable), never another exception.

`cim.decode` also gets any bytes and each recorded output with a span of bytes changed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fuzzing import fixed, json_values, paths, replace
from hypothesis import given
from hypothesis import strategies as st
from windows_recordings import NAMES, SCENARIOS, TESTDATA

from agent.collectors import (
    cim,
    cpu_windows,
    disks_windows,
    health_windows,
    media_windows,
    memory_windows,
    network_windows,
    os_windows,
    security_windows,
    system_windows,
)
from agent.collectors.registry import Context
from agent.errors import AgentError

WIN = Context(platform="win32")


def recording(scenario: str) -> dict[str, Any]:
    """Return a recorded machine as one document: each query's records and the in-process reads."""
    directory = TESTDATA / scenario
    queries = {p.stem: cim.decode(p.read_bytes()) for p in sorted(directory.glob("*.json"))}
    reads = json.loads((directory / "inprocess.json").read_text(encoding="utf-8"))
    del queries["inprocess"]
    return {"queries": queries, "reads": reads}


@dataclass(frozen=True)
class Fuzzed:
    """A recorded machine whose outputs are the given document (one value replaced)."""

    document: dict[str, Any]
    errors: dict[str, bytes]

    def query(self, pipeline: str) -> list[dict[str, Any]]:
        """Answer as cim.query would: decode the output, or raise the recorded failure."""
        name = NAMES[pipeline]
        if name in self.document["queries"]:
            return cim.decode(json.dumps(self.document["queries"][name]).encode())
        raise cim.failure(1, self.errors[name], pipeline)

    def reader(self, key: str) -> Callable[[], Any]:
        """Return a reader of a fresh copy of the in-process read `key`."""
        value = self.document["reads"][key]
        return lambda: copy.deepcopy(value)


COLLECTORS: dict[str, tuple[str, Callable[[Fuzzed], Any]]] = {
    "cpu": ("hardware.cpu", lambda m: cpu_windows.collect(WIN, query=m.query)),
    "memory": ("hardware.memory", lambda m: memory_windows.collect(WIN, read=m.reader("memory"))),
    "disks": (
        "hardware.disks",
        lambda m: disks_windows.collect(WIN, query=m.query, read=m.reader("filesystems")),
    ),
    "network": (
        "hardware.network",
        lambda m: network_windows.collect(WIN, query=m.query, read=m.reader("interfaces")),
    ),
    "system": ("hardware.system", lambda m: system_windows.collect(WIN, query=m.query)),
    "security": (
        "hardware.security",
        lambda m: security_windows.collect(
            WIN, query=m.query, firmware_type=m.reader("firmware_type")
        ),
    ),
    "media": ("hardware.media", lambda m: media_windows.collect(WIN, query=m.query)),
    "os": ("os", lambda m: os_windows.collect(WIN, read=m.reader("os"))),
    "health": ("health", lambda m: health_windows.collect(WIN, read=m.reader("health"))),
}


def same_kind(value: Any) -> st.SearchStrategy[Any]:
    """Draw null or a value of the JSON type of `value`: what a CIM property can hold."""
    kinds: list[tuple[type, st.SearchStrategy[Any]]] = [
        (bool, st.booleans()),
        (int, st.integers()),
        (float, st.floats(allow_nan=False, allow_infinity=False)),
        (str, st.text(max_size=20) | st.sampled_from(["", " ", ":", "-1", "0x10", "\x00"])),
    ]
    drawn = next((s for kind, s in kinds if type(value) is kind), st.just(value))
    return st.none() | drawn


def property_replaced(
    records: list[dict[str, Any]], kind: Callable[[Any], st.SearchStrategy[Any]] = same_kind
) -> st.SearchStrategy[Any]:
    """Draw `records` with one property set to a value `kind` draws for the one it holds."""
    inner = [path for path in paths(records) if len(path) >= 2]
    if not inner:
        return st.just(records)

    def put(path: tuple[Any, ...]) -> st.SearchStrategy[Any]:
        at = records
        for step in path:
            at = at[step]
        return kind(at).map(lambda value: replace(records, path, value))

    return st.sampled_from(inner).flatmap(put)


def any_value(value: Any) -> st.SearchStrategy[Any]:
    """Draw any JSON value, whatever `value` was: a property of another type than its own."""
    return json_values


@pytest.mark.parametrize("kind", [same_kind, any_value], ids=["same type", "any type"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_windows_collector_with_one_recorded_value_replaced(
    scenario: str,
    kind: Callable[[Any], st.SearchStrategy[Any]],
    validate_section: Callable[[str, Any], None],
) -> None:
    errors = {p.stem: p.read_bytes() for p in (TESTDATA / scenario).glob("*.error")}

    recorded = recording(scenario)

    @fixed(150)
    @given(
        st.sampled_from(sorted(recorded["queries"])).flatmap(
            lambda name: property_replaced(recorded["queries"][name], kind).map(
                lambda out: (name, out)
            )
        )
    )
    def collects(output: tuple[str, Any]) -> None:
        name, records = output
        queries = recorded["queries"] | {name: records}
        machine = Fuzzed(recorded | {"queries": queries}, errors)
        for section, collect in COLLECTORS.values():
            try:
                value = collect(machine)
            except AgentError:
                continue
            validate_section(section, value)

    collects()


def outputs() -> list[bytes]:
    """Return every recorded PowerShell output."""
    return [p.read_bytes() for s in SCENARIOS for p in sorted((TESTDATA / s).glob("*.json"))]


def changed(recorded: bytes) -> st.SearchStrategy[bytes]:
    """Draw `recorded` with a span of bytes replaced, or cut short."""
    spot = st.integers(0, len(recorded))
    return st.builds(
        lambda at, width, b: recorded[:at] + b + recorded[at + width :],
        spot,
        st.integers(0, 8),
        st.binary(max_size=6),
    ) | st.builds(lambda at: recorded[:at], spot)


@fixed(200)
@given(st.binary(max_size=200) | st.sampled_from(outputs()).flatmap(changed))
def test_powershell_output_decodes_to_records_or_a_cim_error(stdout: bytes) -> None:
    try:
        records = cim.decode(stdout)
    except cim.CimError:
        return
    assert all(isinstance(record, dict) for record in records)
