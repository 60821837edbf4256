"""Hypothesis strategies shared by the property tests of parsers that take outside input.

`json_values` draws any JSON value (nesting, huge ints, lone surrogates, NUL); `replaced`
puts one of them at one path of a valid document. `fixed` is the settings every property
test uses: a fixed number of examples, derandomized, so CI runs the same cases each time.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

F = TypeVar("F", bound=Callable[..., Any])

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([2**63, 2**64, -(2**63) - 1, 10**30, 0, -1])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "\x00", "\ud800", "a\udfffb", "2025-13-45T99:99:99Z", "1e999"])
)

json_values: st.SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def fixed(examples: int) -> Callable[[F], F]:
    """Return the settings of a property test: `examples` cases, the same ones on every run."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path (keys and indexes) of every value inside `document`, itself included."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths(value, (*prefix, index))
    return found


def replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    """Return a copy of `document` with the value at `path` (not the root) set to `value`."""
    changed = copy.deepcopy(document)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return changed


def replaced(document: Any) -> st.SearchStrategy[Any]:
    """Draw `document` with one value somewhere inside it replaced by any JSON value."""
    inner = [path for path in paths(document) if path]
    return st.builds(
        lambda path, value: replace(document, path, value), st.sampled_from(inner), json_values
    )
