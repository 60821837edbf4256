"""Reconciliation states: reporting, silent, unknown, counted, and per-ward counts."""

from __future__ import annotations

from inventory.model import ExpectedMachine, Inventory, Ward
from inventory.reconcile import Sighting, WardCounts, reconcile

NOW = 1_751_328_000.0  # 2025-07-01T00:00:00Z, injected: no wall clock
STALE = 3 * 300.0  # three missed 5-minute reports

TD = ExpectedMachine("phuong-tan-dinh", hostname="TD-PC01", asset_tag="UBND-TD-0001")
TD2 = ExpectedMachine("phuong-tan-dinh", hostname="TD-PC02", asset_tag="UBND-TD-0002")
TD_VC = ExpectedMachine("phuong-tan-dinh", hostname="TD-VC01", role="video_conference")
INVENTORY = Inventory(
    wards={
        "phuong-tan-dinh": Ward("phuong-tan-dinh", "Tân Định", "phuong"),
        "dac-khu-con-dao": Ward("dac-khu-con-dao", "Côn Đảo", "dac_khu", expected_machines=3),
    },
    machines=(TD, TD2, TD_VC),
)


def seen(
    agent: str,
    hostname: str,
    tag: str | None = None,
    ago: float = 60.0,
    ward: str = "phuong-tan-dinh",
) -> Sighting:
    """Build a sighting in `ward` last seen `ago` seconds before NOW."""
    return Sighting(agent, ward, hostname, tag, "workstation", NOW - ago)


def test_hostname_matches_case_insensitively() -> None:
    result = reconcile(INVENTORY, [seen("a1", "td-pc01")], NOW, STALE)
    assert [(m.machine, m.sighting and m.sighting.agent_id) for m in result.reporting] == [
        (TD, "a1")
    ]
    assert result.unknown == ()


def test_asset_tag_wins_over_hostname() -> None:
    by_tag = seen("a1", "TD-PC01", tag="UBND-TD-0002")
    by_name = seen("a2", "TD-PC01")
    result = reconcile(INVENTORY, [by_name, by_tag], NOW, STALE)
    pairs = {m.machine.hostname: m.sighting for m in result.reporting}
    assert pairs == {"TD-PC01": by_name, "TD-PC02": by_tag}


def test_asset_tag_match_is_not_stolen_by_a_fresher_hostname_match() -> None:
    fresher = seen("a1", "TD-PC02", ago=1)
    tagged = seen("a2", "renamed-pc", tag="UBND-TD-0002", ago=100)
    result = reconcile(INVENTORY, [fresher, tagged], NOW, STALE)
    assert {m.machine.hostname: m.sighting for m in result.reporting} == {"TD-PC02": tagged}
    assert result.unknown == (fresher,)


def test_silent_when_stale_or_never_seen() -> None:
    old = seen("a1", "TD-PC01", ago=STALE + 1)
    edge = seen("a2", "TD-PC02", ago=STALE)
    result = reconcile(INVENTORY, [old, edge], NOW, STALE)
    assert [m.sighting for m in result.reporting] == [edge]
    assert [(m.machine, m.sighting) for m in result.silent] == [(TD, old), (TD_VC, None)]


def test_clone_with_the_same_hostname_leaves_the_older_agent_unknown() -> None:
    newer = seen("b", "TD-PC01", ago=10)
    older = seen("a", "TD-PC01", ago=20)
    result = reconcile(INVENTORY, [older, newer], NOW, STALE)
    assert [m.sighting for m in result.reporting] == [newer]
    assert result.unknown == (older,)


def test_unknown_ward_and_unlisted_machine_are_unknown() -> None:
    stray = seen("a1", "TD-PC99")
    elsewhere = seen("a2", "TD-PC01", ward="phuong-da-kao")
    result = reconcile(INVENTORY, [elsewhere, stray], NOW, STALE)
    assert result.unknown == (elsewhere, stray)
    assert result.reporting == ()
    assert result.wards["phuong-da-kao"] == WardCounts(0, 0, 0, 1)


def test_ward_with_only_a_count_counts_its_agents() -> None:
    fresh = seen("a1", "CD-PC01", ward="dac-khu-con-dao")
    stale = seen("a2", "CD-PC02", ward="dac-khu-con-dao", ago=STALE * 2)
    result = reconcile(INVENTORY, [fresh, stale], NOW, STALE)
    assert result.counted == (fresh, stale)
    assert result.unknown == ()
    assert result.wards["dac-khu-con-dao"] == WardCounts(
        expected=3, reporting=1, silent=2, unknown=0
    )


def test_per_ward_counts() -> None:
    sightings = [seen("a1", "TD-PC01"), seen("a2", "TD-PC02", ago=STALE * 2), seen("a3", "X")]
    counts = reconcile(INVENTORY, sightings, NOW, STALE).wards
    assert counts["phuong-tan-dinh"] == WardCounts(expected=3, reporting=1, silent=2, unknown=1)
    assert list(counts) == ["phuong-tan-dinh", "dac-khu-con-dao"]


def test_empty_inventory_makes_every_sighting_unknown() -> None:
    result = reconcile(Inventory(), [seen("a1", "TD-PC01")], NOW, STALE)
    assert len(result.unknown) == 1
    assert result.wards == {"phuong-tan-dinh": WardCounts(0, 0, 0, 1)}
