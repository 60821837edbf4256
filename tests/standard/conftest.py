"""Fixtures for the standard's tests: the shipped standard and a judge that checks reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from standard_reports import RECEIVED_AT, TODAY, validate

from standard.evaluate import evaluate
from standard.finding import Finding
from standard.model import Standard, load_standard

Judge = Callable[..., tuple[Finding, ...]]


@pytest.fixture(scope="session")
def standard() -> Standard:
    """Load the shipped default standard and end-of-support table."""
    return load_standard()


@pytest.fixture
def judge(standard: Standard) -> Judge:
    """Return a function that validates a report and evaluates it on TODAY."""

    def run(
        report: dict[str, Any],
        *,
        today: date = TODAY,
        received_at: datetime | None = RECEIVED_AT,
        policy: Standard | None = None,
        availability: dict[str, float] | None = None,
    ) -> tuple[Finding, ...]:
        return evaluate(
            validate(report),
            policy or standard,
            today=today,
            received_at=received_at,
            availability=availability,
        )

    return run
