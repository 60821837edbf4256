"""Load YAML into frozen dataclasses; every error names the file, the line and the key.

A config class is a frozen dataclass whose fields are typed with `bool`, `int`, `float`,
`str`, `Literal[...]`, `X | None`, `tuple[X, ...]`, `dict[str, X]` or another config
dataclass. A field without a default is required. A `__post_init__` that raises
`FieldError(key, message)` is reported at that key's line.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar, Union

import yaml

from agent.errors import ConfigError

T = TypeVar("T")


class FieldError(ValueError):
    """A value that has the right type but breaks a rule of its field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def positive(key: str, value: float) -> None:
    """Refuse a number that is zero or negative."""
    if value <= 0:
        raise FieldError(key, f"must be greater than 0, got {value}")


def ratio(key: str, value: float) -> None:
    """Refuse a ratio outside 0..1."""
    if not 0 <= value <= 1:
        raise FieldError(key, f"must be a ratio between 0 and 1, got {value}")


def load_file(path: str | Path, cls: type[T]) -> T:
    """Read and validate the YAML file at `path` as `cls`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(str(path), 0, "", f"cannot read: {err}") from err
    return load_text(text, cls, str(path))


def load_text(text: str, cls: type[T], source: str = "<string>") -> T:
    """Validate YAML (or JSON) `text` as `cls`; `source` names it in errors."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ConfigError(source, line, "", f"not valid YAML: {err}") from err
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    _refuse_surrogates(node, source)
    return typing.cast(T, _convert(node, cls, _Where(source, "")))


def _refuse_surrogates(node: yaml.Node, source: str) -> None:
    """Refuse escaped lone surrogates ("\\ud800"): no UTF-8 output could carry them later."""
    if isinstance(node, yaml.ScalarNode):
        try:
            node.value.encode("utf-8")
        except UnicodeEncodeError as err:
            line = node.start_mark.line + 1
            raise ConfigError(source, line, "", "not valid Unicode (lone surrogate)") from err
        return
    for child in node.value:
        for item in child if isinstance(child, tuple) else (child,):
            _refuse_surrogates(item, source)


def field_names(cls: type) -> tuple[str, ...]:
    """List the keys a config dataclass accepts."""
    return tuple(f.name for f in dataclasses.fields(cls))


class _Where(typing.NamedTuple):
    source: str
    key: str

    def child(self, name: str | int) -> _Where:
        if isinstance(name, int):
            return _Where(self.source, f"{self.key}[{name}]")
        return _Where(self.source, f"{self.key}.{name}" if self.key else name)

    def error(self, node: yaml.Node, message: str) -> ConfigError:
        return ConfigError(self.source, node.start_mark.line + 1, self.key, message)


def _convert(node: yaml.Node, hint: Any, where: _Where) -> Any:
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


def _dataclass(node: yaml.Node, cls: type, where: _Where) -> Any:
    if not isinstance(node, yaml.MappingNode):
        raise where.error(node, "expected a mapping of keys")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    key_lines: dict[str, yaml.Node] = {}
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


def _union(node: yaml.Node, options: tuple[Any, ...], where: _Where) -> Any:
    if type(None) in options and _is_null(node):
        return None
    rest = [o for o in options if o is not type(None)]
    if len(rest) != 1:
        raise TypeError(f"unsupported union {options} at {where.key}")
    return _convert(node, rest[0], where)


def _literal(node: yaml.Node, allowed: tuple[Any, ...], where: _Where) -> Any:
    value = _plain(node)
    if value not in allowed:
        words = ", ".join(str(a) for a in allowed)
        raise where.error(node, f"{value!r} is not one of: {words}")
    return value


def _sequence(node: yaml.Node, item: Any, where: _Where) -> tuple[Any, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise where.error(node, "expected a list")
    return tuple(_convert(n, item, where.child(i)) for i, n in enumerate(node.value))


def _mapping(node: yaml.Node, item: Any, where: _Where) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
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


def _scalar(node: yaml.Node, hint: type, where: _Where) -> Any:
    value: Any = _plain(node) if isinstance(node, yaml.ScalarNode) else node
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        shown = value if isinstance(node, yaml.ScalarNode) else type(node).__name__
        raise where.error(node, f"expected {_SCALAR_NAMES.get(hint, hint)}, got {shown!r}")
    if hint is float and not math.isfinite(value):
        raise where.error(node, "expected a finite number")
    return value


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and _plain(node) is None


def _plain(node: yaml.Node) -> Any:
    return yaml.SafeLoader("").construct_object(node, deep=True)
