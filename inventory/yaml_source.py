"""Read the YAML inventory: wards, machines and an optional units file to include."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import yaml

from configfile.errors import ConfigError
from configfile.load import load_text
from inventory.assemble import Located, Parsed
from inventory.errors import InventoryError
from inventory.model import ExpectedMachine, Ward

T = TypeVar("T")


@dataclass(frozen=True)
class InventoryFile:
    """The YAML inventory file, key for key; docs/inventory.md describes it."""

    wards: tuple[Ward, ...] = ()
    machines: tuple[ExpectedMachine, ...] = ()
    include_units: str | None = None  # a units CSV, relative to this file; its wards lose


def read_yaml(text: str, source: str) -> Parsed:
    """Validate YAML `text` and locate each ward and machine; `source` names it in errors."""
    try:
        doc = load_text(text, InventoryFile, source)
    except ConfigError as err:
        raise InventoryError(err.source, err.line, err.key, err.message) from err
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # valid: load_text accepted it
    return Parsed(
        wards=_locate(doc.wards, root, "wards", source),
        machines=_locate(doc.machines, root, "machines", source),
        include=_locate_include(doc.include_units, root, source),
    )


def _locate(
    values: tuple[T, ...], root: yaml.Node | None, key: str, source: str
) -> list[Located[T]]:
    nodes = _child(root, key)
    items = nodes.value if isinstance(nodes, yaml.SequenceNode) else []
    return [
        _located(v, n, source, f"{key}[{i}].")
        for i, (v, n) in enumerate(zip(values, items, strict=True))
    ]


def _located(value: T, node: yaml.Node, source: str, prefix: str) -> Located[T]:
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return Located(value, source, node.start_mark.line + 1, prefix, lines)


def _locate_include(path: str | None, root: yaml.Node | None, source: str) -> Located[str] | None:
    if path is None:
        return None
    node = _child(root, "include_units")
    line = node.start_mark.line + 1 if node is not None else 0
    return Located(path, source, line)


def _child(root: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((v for k, v in root.value if k.value == key), None)
