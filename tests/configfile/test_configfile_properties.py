"""Property tests of the config loaders: any text, or a shipped example with one value replaced
by any JSON value, loads as its class or raises ConfigError; nothing else escapes.

The classes are the real ones (agent, collector, standard and its end-of-support table) and
the documents their shipped examples; the agent's pushed config is read by `load_json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from fuzzing import fixed, json_values, replaced
from hypothesis import given
from hypothesis import strategies as st

from agent.config import AgentConfig, RemoteConfig
from collector.config import CollectorConfig
from configfile.errors import ConfigError
from configfile.load import load_json, load_text
from standard.model import StandardFile
from standard.os_support import OsSupport

REPO = Path(__file__).resolve().parents[2]
EXAMPLES: dict[str, tuple[type[Any], str]] = {
    "agent": (AgentConfig, "agent/agent.example.yml"),
    "collector": (CollectorConfig, "collector/collector.example.yml"),
    "standard": (StandardFile, "standard/default.yml"),
    "os support": (OsSupport, "standard/os_support.yml"),
}
# Cases of one-value replacement per example: fewer for the long files PyYAML reads slowly.
REPLACEMENTS = {"agent": 100, "collector": 100, "standard": 40, "os support": 15}


def example(path: str) -> Any:
    """Return a shipped example file as the values YAML reads (dates stay dates)."""
    return yaml.safe_load((REPO / path).read_text(encoding="utf-8"))


def json_text(document: Any) -> str:
    """Write `document` as JSON (a date as its ISO text, which only YAML reads as a date)."""
    return json.dumps(document, default=str)


def loads_or_refuses(load: Any, text: str, cls: type[Any]) -> None:
    """Load `text` as `cls`: an instance of it, or ConfigError."""
    try:
        loaded = load(text, cls, "fuzzed.yml")
    except ConfigError as err:
        assert err.source == "fuzzed.yml", err
        return
    assert isinstance(loaded, cls)


def yaml_text(document: Any) -> str:
    """Write `document` as YAML (block style) as an operator would."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_shipped_example_loads(name: str) -> None:
    cls, path = EXAMPLES[name]

    assert isinstance(load_text(yaml_text(example(path)), cls), cls)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_an_example_with_one_value_replaced_loads_or_is_a_config_error(name: str) -> None:
    cls, path = EXAMPLES[name]

    @fixed(REPLACEMENTS[name])
    @given(replaced(example(path)))
    def loads_or_is_refused(document: Any) -> None:
        check_formats(document, cls)

    loads_or_is_refused()


def check_formats(document: Any, cls: type[Any]) -> None:
    """Load `document` written as JSON (both loaders) and as YAML."""
    loads_or_refuses(load_json, json_text(document), cls)
    loads_or_refuses(load_text, json_text(document), cls)
    try:
        text = yaml_text(document)
    except yaml.YAMLError:  # PyYAML cannot write a lone surrogate: nothing to load
        return
    loads_or_refuses(load_text, text, cls)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@fixed(60)
@given(text=st.text(max_size=200) | json_values.map(json.dumps))
def test_any_text_loads_or_is_a_config_error(name: str, text: str) -> None:
    cls = EXAMPLES[name][0]

    loads_or_refuses(load_text, text, cls)
    loads_or_refuses(load_json, text, cls)


@fixed(150)
@given(
    st.text(max_size=200)
    | json_values.map(json.dumps)
    | replaced({"probes": example("agent/agent.example.yml")["probes"]}).map(json.dumps)
    | replaced({"intervals": {"health_seconds": 60}}).map(json.dumps)
)
def test_a_pushed_config_loads_or_is_a_config_error(text: str) -> None:
    loads_or_refuses(load_json, text, RemoteConfig)
