"""The agent's config: defaults documented in the example, every bad value named by line."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent import config, config_fork
from configfile.errors import ConfigError
from configfile.load import load_text

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


@pytest.mark.parametrize(("where", "message"), _cases()[:3])
def test_the_service_reader_refuses_alike(where: str, message: str) -> None:
    name = where.split(":")[0]
    with pytest.raises(ConfigError) as caught:
        config_fork.load(BAD / name)
    assert str(caught.value).startswith(f"{BAD / name}:{where.split(':')[1]}:")
    assert message in str(caught.value)


def test_the_service_reader_returns_the_same_config_without_loading_yaml() -> None:
    script = (
        "import sys; from pathlib import Path; from agent import config, config_fork\n"
        f"got = config_fork.load(Path({str(EXAMPLE)!r}))\n"
        "assert 'yaml' not in sys.modules, 'the parent imported yaml'\n"
        f"print(got == config.load(Path({str(EXAMPLE)!r})))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr


def test_pushed_config_is_read_without_yaml() -> None:
    script = (
        "import sys, json; from agent import config\n"
        "new = config.with_remote(config.AgentConfig(), json.dumps("
        "{'intervals': {'health_seconds': 15}}))\n"
        "print(new.intervals.health_seconds, 'yaml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.split() == ["15.0", "False"], done.stderr


@pytest.mark.parametrize(
    ("pushed", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"intervals": {"health_seconds": NaN}}', "expected a finite number"),
        ('{"intervals": {"health_seconds": "60"}}', "expected a number, got '60'"),
        ('{"probes": {"targets": {"name": "x"}}}', "expected a list"),
        ('{"probes": {"targets": [{"name": "\\ud800"}]}}', "lone surrogate"),
        ('{"colour": 1}', "unknown key"),
    ],
)
def test_bad_pushed_json_is_refused_with_the_reason(pushed: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config.with_remote(config.AgentConfig(), pushed)


@pytest.mark.parametrize(
    "text", ["collector:\n  url: 2024-02-30\n", "collector:\n  url: !secret x\n"]
)
def test_a_value_yaml_cannot_build_is_refused_naming_its_line(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_text(text, config.AgentConfig, "agent.yml")
    assert str(caught.value).startswith("agent.yml:2: cannot read")


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
