"""Shared fixtures for the agent tests: the report schema, checked one section at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from contract.report import schema


@pytest.fixture(scope="session")
def validate_section() -> Callable[[str, Any], None]:
    """Return `check(path, value)`: raise ValidationError unless `value` fits the schema at `path`.

    `path` is dotted from the report's root, e.g. "hardware.cpu", "os", "health".
    """
    full = schema()

    def check(path: str, value: Any) -> None:
        sub = full
        for key in path.split("."):
            sub = sub["properties"][key]
        Draft202012Validator({**sub, "$defs": full["$defs"]}).validate(value)

    return check
