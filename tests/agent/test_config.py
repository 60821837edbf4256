"""The agent's config: defaults documented in the example, every bad value named by line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from agent import config
from agent.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "testdata" / "agent-config"
EXAMPLE = ROOT / "agent" / "agent.example.yml"


def _cases() -> list[tuple[str, str]]:
    lines = (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(" ", 1)) for line in lines if line]  # type: ignore[misc]


@pytest.mark.parametrize(("where", "message"), _cases())
def test_bad_config_is_refused_naming_file_line_and_key(where: str, message: str) -> None:
    name = where.split(":")[0]
    with pytest.raises(ConfigError) as caught:
        config.load(BAD / name)
    text = str(caught.value)
    assert text.startswith(f"{BAD / name}:{where.split(':')[1]}:"), text
    assert message in text


def test_example_file_loads_to_the_defaults() -> None:
    assert config.load(EXAMPLE) == config.AgentConfig()


def test_example_file_documents_every_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for field in dataclasses.fields(config.ModuleConfig):
        assert field.name in text, f"agent.example.yml does not mention module key {field.name}"
    for key in ("collector", "identity", "intervals", "spool", "paths", "probes"):
        section = getattr(config.AgentConfig(), key)
        for field in dataclasses.fields(section):
            assert f"{field.name}:" in text, f"agent.example.yml lacks {key}.{field.name}"


def test_no_config_file_means_defaults() -> None:
    loaded = config.load(None)
    assert loaded.intervals.health_seconds == 60
    assert loaded.spool.max_bytes == 50 * 1024 * 1024


def test_pushed_config_replaces_probes_and_keeps_the_rest(tmp_path: Path) -> None:
    base = config.load(EXAMPLE)
    pushed = {
        "probes": {
            "modules": {"tcp": {"prober": "tcp", "timeout_seconds": 2}},
            "targets": [{"name": "datacenter", "module": "tcp", "target": "127.0.0.1:9"}],
        },
        "intervals": {"health_seconds": 30},
    }
    new = config.with_remote(base, json.dumps(pushed))
    assert [t.name for t in new.probes.targets] == ["datacenter"]
    assert new.intervals.health_seconds == 30
    assert new.collector == base.collector


def test_bad_pushed_config_raises_so_the_last_good_one_stays() -> None:
    base = config.load(EXAMPLE)
    bad = {"probes": {"targets": [{"name": "x", "module": "nope", "target": "127.0.0.1:1"}]}}
    with pytest.raises(ConfigError, match="unknown module 'nope'"):
        config.with_remote(base, json.dumps(bad))
