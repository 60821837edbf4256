"""The plan says what the standard makes of each machine; the inventory file loads as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inventory.handover import handover_summary
from inventory.load import HCMC_UNITS, load
from simulator.inventory_file import render
from simulator.plan import plan
from simulator.spread import build_city
from standard.model import load_standard

WARDS = list(load(HCMC_UNITS).wards.values())
TODAY = date(2026, 12, 3)
# What each defect the city gives a machine must make the standard say.
RULE_OF = {
    "memory_4gb": "memory",
    "hdd": "system_disk_ssd",
    "old_bios": "machine_age",
    "few_cores": "cpu_cores",
    "nic_10mbit": "nic_speed",
    "disk_full": "disk_free",
    "no_camera": "camera",
    "no_microphone": "microphone",
}


@pytest.fixture(scope="module")
def city_plan() -> dict[str, Any]:
    return plan(build_city(2025, 3000, WARDS), load_standard(), TODAY)


def rules(machine: dict[str, Any], finding_class: str | None = None) -> set[str]:
    return {f["rule"] for f in machine["findings"] if finding_class in (None, f["class"])}


def test_each_defect_becomes_the_finding_the_standard_gives_it(
    city_plan: dict[str, Any],
) -> None:
    for machine in city_plan["machines"]:
        wanted = {RULE_OF[d] for d in machine["defects"] if d in RULE_OF}
        if machine["role"] == "server" and "memory_4gb" not in machine["defects"]:
            wanted.discard("system_disk_ssd")  # a RAID volume reports its kind as unknown
        assert wanted <= rules(machine), machine["hostname"]


def test_an_old_windows_10_pc_must_be_replaced_a_newer_one_only_upgraded(
    city_plan: dict[str, Any],
) -> None:
    win10 = [m for m in city_plan["machines"] if "windows_10" in m["defects"]]
    old = [m for m in win10 if "old_pc" in m["defects"]]
    newer = [m for m in win10 if "old_pc" not in m["defects"]]

    assert old and newer
    assert all("os_unsupported" in rules(m, "hardware") for m in old)
    assert all("os_unsupported" in rules(m, "operational") for m in newer)


def test_a_machine_without_defects_meets_the_standard(city_plan: dict[str, Any]) -> None:
    sound = [m for m in city_plan["machines"] if not m["defects"]]

    assert len(sound) > 2000
    assert not any(m["below_standard"] for m in sound)


def test_totals_add_up_over_the_machines_that_keep_reporting(city_plan: dict[str, Any]) -> None:
    live = [m for m in city_plan["machines"] if m["reporting"] == "always"]
    below = [m for m in live if m["below_standard"]]

    assert city_plan["below_standard"]["machines"] == len(below)
    assert city_plan["reinvestment"]["total_vnd"] == sum(m["reinvestment_vnd"] for m in live)
    assert city_plan["reinvestment"]["total_vnd"] == sum(
        u["reinvestment_vnd"] for u in city_plan["units"]
    )
    assert sum(u["below_standard"] for u in city_plan["units"]) == len(below)


def test_a_replaced_pc_is_charged_once(city_plan: dict[str, Any]) -> None:
    old = [m for m in city_plan["machines"] if "old_pc" in m["defects"] and m["role"] != "server"]

    assert {m["reinvestment_vnd"] for m in old} == {17_000_000}


def test_silent_and_cloned_machines_are_listed(city_plan: dict[str, Any]) -> None:
    silent = city_plan["silent"]

    assert len([s for s in silent if s["reporting"] == "stops"]) == 30
    assert len([s for s in silent if s["reporting"] == "never"]) == 30
    assert len(city_plan["clones"]) == 3


def test_the_inventory_file_loads_with_every_unit_machine_and_carried_pc(
    tmp_path: Path,
) -> None:
    city = build_city(2025, 3000, WARDS)
    path = tmp_path / "city.yml"
    path.write_text(render(city, ({"ward": "phuong-tan-dinh", "hostname": "real-pc"},)))
    inventory = load(path)
    judged = plan(city, load_standard(), TODAY)

    assert len(inventory.wards) == 168
    assert len(inventory.machines) == 3001
    listed = handover_summary([], inventory).pairs
    assert {k: v.listed for k, v in listed.items()} == {
        (h["from_key"], h["to"]): h["listed"] for h in judged["handovers"]
    }
