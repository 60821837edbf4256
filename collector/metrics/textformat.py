"""Primitives of the Prometheus text format 0.0.4, written exactly as prometheus_client does."""

from __future__ import annotations

import math
from collections.abc import Sequence

from prometheus_client.utils import floatToGoString

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def escape_label_value(value: str) -> str:
    """Escape a label value: backslash, double quote and line feed, nothing else."""
    if "\\" in value or '"' in value or "\n" in value:
        return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")
    return value


def escape_help(text: str) -> str:
    """Escape HELP text: backslash and line feed."""
    return text.replace("\\", r"\\").replace("\n", r"\n")


def format_value(value: float) -> str:
    """Format a sample value as prometheus_client does: repr, +Inf, -Inf, NaN, Go exponents."""
    number = float(value)
    # floatToGoString only departs from repr() for non-finite values and for values >= 1e6.
    if -math.inf < number < 1e6:
        return repr(number)
    return floatToGoString(number)


def label_set(names: Sequence[str], values: Sequence[str]) -> str:
    """Return `{name="value",...}` (names as given, values escaped), or "" without labels."""
    if not names:
        return ""
    pairs = ",".join(f'{n}="{escape_label_value(v)}"' for n, v in zip(names, values, strict=True))
    return "{" + pairs + "}"


def family_header(name: str, help_text: str, metric_type: str = "gauge") -> str:
    """Return the HELP and TYPE lines of one metric family."""
    return f"# HELP {name} {escape_help(help_text)}\n# TYPE {name} {metric_type}\n"
