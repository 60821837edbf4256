"""The simulated city: the same seed makes the same city, and the spread is what it promises."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import jsonschema
import orjson
import pytest

from contract.report import schema
from inventory.handover import unit_key
from inventory.load import HCMC_UNITS, load
from simulator.city import City
from simulator.errors import SimulatorError
from simulator.links import Links
from simulator.reports import Reports, identity
from simulator.spread import build_city

WARDS = list(load(HCMC_UNITS).wards.values())
STARTED = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
VALIDATOR = jsonschema.Draft202012Validator(schema())


@pytest.fixture(scope="module")
def city() -> City:
    return build_city(2025, 3000, WARDS)


def report_bytes(city: City, index: int, seq: int) -> bytes:
    machine = city.machines[index]
    links = Links([u.ward.code for u in city.units], city.degraded)
    built = Reports(city.seed, machine, STARTED).build(seq, STARTED, machine.ward, links, True)
    return orjson.dumps(built)


def test_the_same_seed_makes_the_same_city_and_the_same_reports(city: City) -> None:
    again = build_city(2025, 3000, WARDS)

    assert again == city
    assert [report_bytes(again, i, 7) for i in (0, 500, 2999)] == [
        report_bytes(city, i, 7) for i in (0, 500, 2999)
    ]


def test_another_seed_makes_another_city(city: City) -> None:
    other = build_city(2026, 3000, WARDS)

    assert [m.defects for m in other.machines] != [m.defects for m in city.machines]
    assert report_bytes(other, 0, 1) != report_bytes(city, 0, 1)


def test_each_report_of_a_machine_holds_fresh_health_and_probes(city: City) -> None:
    assert report_bytes(city, 10, 1) != report_bytes(city, 10, 2)


def test_every_one_of_the_168_units_has_machines_adding_up_to_the_total(city: City) -> None:
    per_unit = Counter(m.ward for m in city.machines)

    assert len(city.units) == 168
    assert set(per_unit) == {w.code for w in WARDS}
    assert sum(per_unit.values()) == 3000
    assert min(per_unit.values()) >= 3


def test_every_unit_has_one_server_and_one_room_pc_beside_its_workstations(city: City) -> None:
    for unit in city.units:
        roles = Counter(m.role for m in city.machines if m.ward == unit.ward.code)
        assert (roles["server"], roles["video_conference"]) == (1, 1)
        assert roles["workstation"] >= 1


def test_hostnames_are_unique_within_a_ward_and_asset_tags_in_the_city(city: City) -> None:
    hosts = Counter((m.ward, m.hostname) for m in city.machines)
    tags = Counter(m.asset_tag for m in city.machines if m.asset_tag)

    assert max(hosts.values()) == 1
    assert max(tags.values()) == 1


def test_the_spread_holds_old_pcs_windows_10_4gb_hdd_and_missing_tpm(city: City) -> None:
    defects = Counter(d for m in city.machines for d in m.defects)

    for defect in ("old_pc", "windows_10", "memory_4gb", "hdd", "old_bios", "no_tpm2"):
        assert defects[defect] >= 30, defect
    assert sum(bool(m.defects) for m in city.machines) < len(city.machines) / 2


def test_a_few_wards_have_a_degraded_link_to_a_standard_target(city: City) -> None:
    targets = {d.target for d in city.degraded}

    assert len(city.degraded) == 5
    assert len({d.ward for d in city.degraded}) == 5
    assert targets <= {"datacenter", "video_conference", "records", "documents", "feedback_1022"}


def test_carried_pcs_name_a_former_unit_of_their_ward(city: City) -> None:
    carried = [m for m in city.machines if m.former_unit]
    formers = {u.ward.code: u.ward.former_units for u in city.units}

    assert 0.08 < len(carried) / len(city.machines) < 0.15
    assert all(m.former_unit in formers[m.ward] for m in carried)
    assert {m.former_ward for m in carried if m.moves_in_reports} == {
        unit_key(m.former_unit) for m in carried if m.moves_in_reports and m.former_unit
    }
    assert any(not m.moves_in_reports for m in carried)


def test_district_1_wards_keep_the_former_units_the_city_published(city: City) -> None:
    assert city.unit("phuong-sai-gon").ward.former_units == (
        "Quận 1 / Phường Bến Nghé",
        "Quận 1 / Phường Đa Kao",
    )


def test_a_clone_shares_its_originals_ids_but_not_its_hardware(city: City) -> None:
    twins = [m for m in city.machines if m.clone_of is not None]

    assert len(twins) == 3
    for twin in twins:
        original = city.machines[twin.clone_of or 0]
        ours, theirs = identity(city.seed, twin), identity(city.seed, original)
        assert (ours.agent_id, ours.install_id) == (theirs.agent_id, theirs.install_id)
        assert ours.fingerprint != theirs.fingerprint
        assert twin.ward == original.ward


def test_silent_machines_are_one_percent_each_that_stop_and_that_never_report(
    city: City,
) -> None:
    reporting = Counter(m.reporting for m in city.machines)

    assert reporting["stops"] == reporting["never"] == 30
    assert all(m.stops_after_reports == 3 for m in city.machines if m.reporting == "stops")


def test_a_city_needs_a_machine_per_unit() -> None:
    with pytest.raises(SimulatorError) as refused:
        build_city(1, 100, WARDS)

    assert "ít hơn 168 đơn vị" in refused.value.vi
    assert "fewer than the 168 units" in refused.value.en


def test_a_small_city_still_has_clones_carried_and_silent_machines() -> None:
    small = build_city(3, 2 * 168, WARDS)

    assert sum(m.clone_of is not None for m in small.machines) == 2
    assert sum(m.reporting in ("stops", "never") for m in small.machines) >= 4
    assert any(m.moves_in_reports for m in small.machines)


@pytest.mark.parametrize("seq", [1, 2])
def test_every_machines_report_is_valid_against_the_contract(city: City, seq: int) -> None:
    links = Links([u.ward.code for u in city.units], city.degraded)
    by_profile = {m.profile: m for m in city.machines}
    picked = by_profile | {d: m for m in city.machines for d in m.defects}
    for machine in picked.values():
        ward = machine.former_ward or machine.ward
        report = Reports(city.seed, machine, STARTED).build(seq, STARTED, ward, links, seq == 1)
        VALIDATOR.validate(orjson.loads(orjson.dumps(report)))


def test_report_values_do_not_depend_on_the_day_the_run_started(city: City) -> None:
    machine = city.machines[42]
    links = Links([u.ward.code for u in city.units])
    later = datetime(2027, 1, 1, tzinfo=UTC)
    one = Reports(city.seed, machine, STARTED).build(3, STARTED, machine.ward, links, False)
    two = Reports(city.seed, machine, later).build(3, later, machine.ward, links, False)

    assert one["hardware"] == two["hardware"]
    assert one["health"]["cpu_used_ratio"] == two["health"]["cpu_used_ratio"]
    assert [p["rtt_avg_seconds"] for p in one["probes"]] == [
        p["rtt_avg_seconds"] for p in two["probes"]
    ]
