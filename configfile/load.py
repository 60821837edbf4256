"""Load YAML (or JSON) into frozen dataclasses; every error names the file, line and key.

A config class is a frozen dataclass whose fields are typed with `bool`, `int`, `float`,
`str`, `Literal[...]`, `X | None`, `tuple[X, ...]`, `dict[str, X]` or another config
dataclass. A field without a default is required. A `__post_init__` that raises
`FieldError(key, message)` is reported at that key's line.

Documents become `Node` trees first. YAML is parsed by PyYAML, imported only when a YAML
text is read; JSON (the config a collector pushes to its agents) by the standard library.
The agent's service never loads the YAML parser (architecture.md, "Agent memory").
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar, Union

from configfile.errors import ConfigError
from configfile.fields import FieldError

T = TypeVar("T")


def load_file(path: str | Path, cls: type[T]) -> T:
    """Read and validate the YAML file at `path` as `cls`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(str(path), 0, "", f"cannot read: {err}") from err
    return load_text(text, cls, str(path))


def load_text(text: str, cls: type[T], source: str = "<string>") -> T:
    """Validate YAML (or JSON) `text` as `cls`; `source` names it in errors."""
    import yaml  # only here: a loaded parser stays in memory (see the module's docstring)

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ConfigError(source, line, "", f"not valid YAML: {err}") from err
    node = _from_yaml(root, yaml, source) if root is not None else Node("mapping", [], 1)
    return typing.cast(T, _convert(node, cls, _Where(source, "")))


def load_json(text: str, cls: type[T], source: str = "<string>") -> T:
    """Validate JSON `text` as `cls` without the YAML parser; errors name line 1."""
    try:
        value = json.loads(text)
    except ValueError as err:
        raise ConfigError(source, 0, "", f"not valid JSON: {err}") from err
    return typing.cast(T, _convert(_from_plain(value, source), cls, _Where(source, "")))


def line_of(path: str | Path, key: str) -> int:
    """Return the line of dotted `key` (`a.b`, a mapping's keys only) in the YAML file at
    `path`, 0 when it is not there: for errors found after loading, such as a missing file."""
    import yaml

    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 0
    for part in key.split("."):
        if not isinstance(node, yaml.MappingNode):
            return 0
        found = [(k, v) for k, v in node.value if str(k.value) == part]
        if not found:
            return 0
        key_node, node = found[0]
    return int(key_node.start_mark.line) + 1 if key else 0


class Node(NamedTuple):
    """A parsed value and its line: a scalar, a list of Nodes or (key Node, Node) pairs."""

    kind: Literal["scalar", "sequence", "mapping"]
    value: Any
    line: int


def _from_yaml(node: Any, yaml: Any, source: str) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        pairs = [(_from_yaml(k, yaml, source)._replace(value=str(k.value)),
                  _from_yaml(v, yaml, source)) for k, v in node.value]  # fmt: skip
        return Node("mapping", pairs, line)
    if isinstance(node, yaml.SequenceNode):
        return Node("sequence", [_from_yaml(item, yaml, source) for item in node.value], line)
    _refuse_surrogates(node.value, source, line)
    try:
        value = yaml.SafeLoader("").construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as err:  # an impossible date, an unknown !tag
        raise ConfigError(source, line, "", f"cannot read {node.value!r}: {err}") from err
    return Node("scalar", value, line)


def _from_plain(value: Any, source: str) -> Node:
    if isinstance(value, dict):
        pairs = [(Node("scalar", _refuse_surrogates(k, source, 1), 1), _from_plain(v, source))
                 for k, v in value.items()]  # fmt: skip
        return Node("mapping", pairs, 1)
    if isinstance(value, list):
        return Node("sequence", [_from_plain(item, source) for item in value], 1)
    if isinstance(value, str):
        _refuse_surrogates(value, source, 1)
    return Node("scalar", value, 1)


def _refuse_surrogates(text: str, source: str, line: int) -> str:
    """Refuse escaped lone surrogates ("\\ud800"): no UTF-8 output could carry them later."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ConfigError(source, line, "", "not valid Unicode (lone surrogate)") from err
    return text


def field_names(cls: type) -> tuple[str, ...]:
    """List the keys a config dataclass accepts."""
    return tuple(f.name for f in dataclasses.fields(cls))


class _Where(NamedTuple):
    source: str
    key: str

    def child(self, name: str | int) -> _Where:
        if isinstance(name, int):
            return _Where(self.source, f"{self.key}[{name}]")
        return _Where(self.source, f"{self.key}.{name}" if self.key else name)

    def error(self, node: Node, message: str) -> ConfigError:
        return ConfigError(self.source, node.line, self.key, message)


def _convert(node: Node, hint: Any, where: _Where) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass(node, hint, where)
    if origin in (Union, types.UnionType):
        return _union(node, typing.get_args(hint), where)
    if origin is Literal:
        return _literal(node, typing.get_args(hint), where)
    if origin is tuple:
        return _sequence(node, typing.get_args(hint)[0], where)
    if origin is dict:
        return _mapping(node, typing.get_args(hint)[1], where)
    if hint is Any:
        return _plain(node)
    return _scalar(node, hint, where)


def _dataclass(node: Node, cls: type, where: _Where) -> Any:
    if not node.kind == "mapping":
        raise where.error(node, "expected a mapping of keys")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    key_lines: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        child = where.child(key)
        if key not in fields:
            allowed = ", ".join(sorted(fields))
            raise child.error(key_node, f"unknown key (allowed: {allowed})")
        if key in values:
            raise child.error(key_node, "key given twice")
        values[key] = _convert(value_node, hints[key], child)
        key_lines[key] = key_node
    for name, f in fields.items():
        no_default = f.default is dataclasses.MISSING
        if name not in values and no_default and f.default_factory is dataclasses.MISSING:
            raise where.child(name).error(node, "required key is missing")
    try:
        return cls(**values)
    except FieldError as err:
        at = key_lines.get(err.key, node)
        raise where.child(err.key).error(at, err.message) from err


def _union(node: Node, options: tuple[Any, ...], where: _Where) -> Any:
    if type(None) in options and _is_null(node):
        return None
    rest = [o for o in options if o is not type(None)]
    if len(rest) != 1:
        raise TypeError(f"unsupported union {options} at {where.key}")
    return _convert(node, rest[0], where)


def _literal(node: Node, allowed: tuple[Any, ...], where: _Where) -> Any:
    value = _plain(node)
    if value not in allowed:
        words = ", ".join(str(a) for a in allowed)
        raise where.error(node, f"{value!r} is not one of: {words}")
    return value


def _sequence(node: Node, item: Any, where: _Where) -> tuple[Any, ...]:
    if not node.kind == "sequence":
        raise where.error(node, "expected a list")
    return tuple(_convert(n, item, where.child(i)) for i, n in enumerate(node.value))


def _mapping(node: Node, item: Any, where: _Where) -> dict[str, Any]:
    if not node.kind == "mapping":
        raise where.error(node, "expected a mapping")
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in out:
            raise where.child(key).error(key_node, "key given twice")
        out[key] = _convert(value_node, item, where.child(key))
    return out


_SCALAR_NAMES = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "text",
    date: "a date (YYYY-MM-DD)",
}


def _scalar(node: Node, hint: type, where: _Where) -> Any:
    value: Any = _plain(node) if node.kind == "scalar" else node
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        shown = value if node.kind == "scalar" else f"a {node.kind}"
        raise where.error(node, f"expected {_SCALAR_NAMES.get(hint, hint)}, got {shown!r}")
    if hint is float and not math.isfinite(value):
        raise where.error(node, "expected a finite number")
    return value


def _is_null(node: Node) -> bool:
    return node.kind == "scalar" and node.value is None


def _plain(node: Node) -> Any:
    if node.kind == "mapping":
        return {key.value: _plain(value) for key, value in node.value}
    if node.kind == "sequence":
        return [_plain(item) for item in node.value]
    return node.value
