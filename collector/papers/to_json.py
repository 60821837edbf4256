"""A document as JSON: its data, every text in the asked language, times in unix seconds."""

from __future__ import annotations

import dataclasses
from typing import Any

import orjson

from standard.wording import Text

SCALARS = (str, int, float, bool, type(None))


def plain(value: Any, lang: str) -> Any:
    """Turn a document's value into JSON data: dataclasses (with their properties) into
    objects, texts into `lang`, tuples into lists."""
    if isinstance(value, SCALARS):
        return value
    if isinstance(value, Text):
        return value.vi if lang == "vi" else value.en
    if isinstance(value, tuple | list):
        return [plain(item, lang) for item in value]
    if isinstance(value, dict):
        return {str(k): plain(v, lang) for k, v in value.items()}
    return {name: plain(getattr(value, name), lang) for name in _names(type(value))}


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    """Return a dataclass's fields, then its properties (computed totals), in order."""
    if cls not in _NAMES:
        properties = [name for name, attr in vars(cls).items() if isinstance(attr, property)]
        _NAMES[cls] = (*(f.name for f in dataclasses.fields(cls)), *properties)
    return _NAMES[cls]


def to_json(doc: Any, document: str, lang: str) -> bytes:
    """Write `doc` (the `document` named) as indented UTF-8 JSON."""
    body = {"document": document, "lang": lang, **plain(doc, lang)}
    return orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n"
