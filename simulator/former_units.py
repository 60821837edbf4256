"""The old units each simulated unit was formed from, named as the inventory names them.

Former District 1's four wards take the boundaries the city published (shipped in
inventory/data/hcmc-example.yml). For the other units the repository holds no old-to-new
mapping, so the simulator names one to three old units of its own: "Đơn vị cũ 1 / Phường
Hiệp Bình", which fold to the keys its carried PCs first enroll under.
"""

from __future__ import annotations

import functools
import zlib

from inventory.load import HCMC_EXAMPLE, load
from inventory.model import Ward

KIND_VI = {"phuong": "Phường", "xa": "Xã", "dac_khu": "Đặc khu"}


@functools.cache
def _published() -> dict[str, tuple[str, ...]]:
    """Return the published former units by ward code (District 1's four wards)."""
    return {w.code: w.former_units for w in load(HCMC_EXAMPLE).wards.values() if w.former_units}


def former_units(ward: Ward) -> tuple[str, ...]:
    """Return the old units `ward` was formed from: published ones, else simulated names."""
    published = _published().get(ward.code)
    if published:
        return published
    count = 1 + zlib.crc32(ward.code.encode()) % 3
    return tuple(f"Đơn vị cũ {k} / {KIND_VI[ward.kind]} {ward.name}" for k in range(1, count + 1))
