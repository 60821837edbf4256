"""One ward's row of the exposition, computed by readiness and reinvestment before a scrape."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WardView:
    """What /metrics shows about one ward; counts are machines, money is in đồng."""

    ward: str  # the ward code (ASCII slug), the `ward` label everywhere
    ward_name: str  # the Vietnamese name, any UTF-8
    expected: int
    reporting: int
    compliant: int
    readiness_by_target: Mapping[str, float]  # link target -> share of machines ready, 0..1
    ready: bool
    reinvestment_vnd: int
    silent: int = 0  # expected but not reporting, from inventory reconciliation
    unknown: int = 0  # reporting but not in the inventory
    handovers_in: int = 0  # PCs moved into the ward (recorded handovers, all time)
    handovers_out: int = 0  # PCs moved out of the ward


WardsProvider = Callable[[], Iterable[WardView]]


def no_wards() -> tuple[WardView, ...]:
    """Return no ward rows (until readiness is wired in)."""
    return ()
