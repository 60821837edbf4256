"""Compile the report's JSON Schema into msgspec types: the same contract, checked in one decode.

`contract/report.schema.json` stays the one contract; this module translates the subset of
JSON Schema it uses (objects with closed properties, nullable type lists, enum, const,
pattern, bounds, arrays, maps, $ref) into msgspec Structs once at start-up. A test feeds
both validators the same battery of good and bad reports and checks that they agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union

import msgspec

_SCALARS: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "null": type(None),
}
_BOUNDS = {
    "minimum": "ge",
    "maximum": "le",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
}
_COMPILED = frozenset({
    "$ref", "anyOf", "const", "enum", "type", "properties", "additionalProperties", "required",
    "items", "propertyNames", "uniqueItems", *_BOUNDS,
})  # fmt: skip
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "default"})


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this compiler does not translate."""


def compile_schema(schema: Mapping[str, Any]) -> Any:
    """Return a msgspec type equivalent to `schema` (its top level must be an object)."""
    return _Compiler(schema).type_of(schema, "Report")


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.defs = root.get("$defs", {})
        self.counter = itertools.count()
        self.unique_owned: set[int] = set()  # ids of uniqueItems arrays a struct checks

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        return self.defs[node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node

    def type_of(self, node: Mapping[str, Any], name: str) -> Any:
        # A keyword compiled to nothing would silently accept what the schema refuses.
        unknown = set(node) - _COMPILED - _ANNOTATIONS
        if unknown:
            raise UnsupportedSchema(f"{name}: keywords not compiled: {', '.join(sorted(unknown))}")
        if "$ref" in node:
            return self.type_of(self.resolve(node), name)
        if "anyOf" in node:
            return _union([self.type_of(n, name) for n in node["anyOf"]])
        if "const" in node:
            return Literal[node["const"]]
        if "enum" in node:
            values = [v for v in node["enum"] if v is not None]
            lit: Any = Literal[tuple(values)]  # built at run time from the schema
            return lit | None if None in node["enum"] else lit
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        return _union([self._kind(k, node, name) for k in kinds])

    def _kind(self, kind: str, node: Mapping[str, Any], name: str) -> Any:
        if kind == "object":
            return self._object(node, name)
        if kind == "array":
            if node.get("uniqueItems") and id(node) not in self.unique_owned:
                raise UnsupportedSchema(f"{name}: uniqueItems only on an object's property")
            return list[self.type_of(node["items"], name + "Item")]  # type: ignore[misc]
        base = _SCALARS[kind]
        meta = {_BOUNDS[k]: v for k, v in node.items() if k in _BOUNDS}
        if str(meta.get("pattern", "")).endswith("$"):
            # Python's `$` also matches before a final newline; ECMA-262's does not.
            meta["pattern"] = meta["pattern"][:-1] + r"\Z"
        if kind in ("null", "boolean") or not meta:
            return base
        return Annotated[base, msgspec.Meta(**meta)]

    def _object(self, node: Mapping[str, Any], name: str) -> Any:
        if "properties" not in node:
            value = self.type_of(node["additionalProperties"], name + "Value")
            key: Any = str
            if "propertyNames" in node:
                key = Annotated[str, msgspec.Meta(pattern=node["propertyNames"]["pattern"])]
            return dict[key, value]  # type: ignore[valid-type]
        if node.get("additionalProperties", True) is not False:
            raise UnsupportedSchema(f"{name}: open objects are not compiled")
        required = set(node.get("required", ()))
        if required != set(node["properties"]):
            raise UnsupportedSchema(f"{name}: every property must be required")
        resolved = {key: self.resolve(sub) for key, sub in node["properties"].items()}
        unique = [key for key, sub in resolved.items() if sub.get("uniqueItems")]
        self.unique_owned.update(id(resolved[key]) for key in unique)
        fields = [
            (key, self.type_of(sub, name + key.title().replace("_", "")))
            for key, sub in node["properties"].items()
        ]
        namespace = {"__post_init__": _unique_check(unique)} if unique else None
        return msgspec.defstruct(
            f"{name}{next(self.counter)}", fields, forbid_unknown_fields=True, namespace=namespace
        )


def _unique_check(keys: list[str]) -> Any:
    """Return a Struct `__post_init__` refusing repeated items in the arrays at `keys`."""

    def check(self: Any) -> None:
        for key in keys:
            items = getattr(self, key)
            if items is not None and len({msgspec.json.encode(i) for i in items}) < len(items):
                raise ValueError(f"`{key}` items must be unique")  # msgspec adds the path

    return check


def _union(options: list[Any]) -> Any:
    return options[0] if len(options) == 1 else Union[tuple(options)]  # noqa: UP007
