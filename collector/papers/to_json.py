"""A document as JSON: its data, every text in the asked language, times in unix seconds."""

from __future__ import annotations

import dataclasses
from typing import Any

import orjson

from standard.wording import Text


def plain(value: Any, lang: str) -> Any:
    """Turn a document's value into JSON data: dataclasses (with their properties) into
    objects, texts into `lang`, tuples into lists."""
    if isinstance(value, Text):
        return value.vi if lang == "vi" else value.en
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: plain(getattr(value, f.name), lang) for f in dataclasses.fields(value)}
        return fields | {
            name: plain(getattr(value, name), lang) for name in _properties(type(value))
        }
    if isinstance(value, tuple | list):
        return [plain(item, lang) for item in value]
    if isinstance(value, dict):
        return {str(k): plain(v, lang) for k, v in value.items()}
    return value


def _properties(cls: type) -> list[str]:
    return [name for name, attr in vars(cls).items() if isinstance(attr, property)]


def to_json(doc: Any, document: str, lang: str) -> bytes:
    """Write `doc` (the `document` named) as indented UTF-8 JSON."""
    body = {"document": document, "lang": lang, **plain(doc, lang)}
    return orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n"
