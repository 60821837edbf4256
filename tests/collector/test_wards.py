"""The ward rows: which units /metrics and the API show."""

from __future__ import annotations

from collector.state import Fleet
from collector.wards import ward_views
from inventory.model import Inventory, Ward
from standard.model import Standard


def test_a_unit_once_seen_stays_but_a_dissolved_former_unit_goes(standard: Standard) -> None:
    tan_dinh = Ward(
        "phuong-tan-dinh", "Tân Định", "phuong", former_units=("Quận 1 / Phường Đa Kao",)
    )
    fleet = Fleet(inventory=Inventory(wards={tan_dinh.code: tan_dinh}))
    # A carried PC enrolled under its old unit, then moved; another agent enrolled in a
    # unit the inventory does not list and fell silent.
    fleet.see_wards(["quan-1-phuong-da-kao", "phuong-tan-dinh", "xa-khong-ten"])

    codes = [view.ward for view in ward_views(fleet, standard, stale_after_seconds=180)]

    assert codes == ["phuong-tan-dinh", "xa-khong-ten"]
