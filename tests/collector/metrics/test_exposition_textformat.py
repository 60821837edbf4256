"""Values are written exactly as prometheus_client writes them."""

from __future__ import annotations

import math
import random

import pytest
from prometheus_client.utils import floatToGoString

from collector.metrics.textformat import format_value, label_set

SPECIAL = [0.0, -0.0, 1.0, 0.1, 1e-7, 999999.9, 1e6, 1234567.5, 1e15, 1e16, 1.5e300,
           -1e7, -0.5, math.inf, -math.inf, math.nan, True, False, 0, 7, 17179869184]  # fmt: skip


@pytest.mark.parametrize("value", SPECIAL)
def test_format_value_matches_prometheus_client(value: float) -> None:
    assert format_value(value) == floatToGoString(value)


def test_format_value_matches_on_random_magnitudes() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        value = rng.uniform(-1, 1) * 10 ** rng.uniform(-12, 20)
        assert format_value(value) == floatToGoString(value), value


def test_label_set_without_labels_is_empty() -> None:
    assert label_set((), ()) == ""
    assert label_set(("a", "b"), ("x", 'y"')) == '{a="x",b="y\\""}'
