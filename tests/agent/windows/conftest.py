"""Fixtures for the Windows collector tests: recorded machines, one or all of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from windows_recordings import SCENARIOS, TESTDATA, Recorded


@pytest.fixture
def recorded() -> Callable[[str], Recorded]:
    """Return a loader of a recorded scenario by directory name."""
    return lambda name: Recorded(TESTDATA / name)


@pytest.fixture(params=SCENARIOS)
def scenario(request: pytest.FixtureRequest) -> Recorded:
    """Yield every recorded scenario in turn."""
    return Recorded(TESTDATA / request.param)
