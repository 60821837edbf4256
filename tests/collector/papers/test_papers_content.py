"""What each document says about the fixed state (papers_state.py), figured from the
standard's price table and the state's own description, not from the documents' code."""

from __future__ import annotations

import csv
import io

import pytest
from papers_state import AFTER_MOVE, BEFORE_MOVE

from collector.papers import handover, readiness, reinvestment
from collector.papers.catalogue import render
from collector.papers.errors import PaperError, UnknownUnit
from collector.papers.inputs import PaperInputs
from standard.model import load_standard

COSTS = load_standard().costs_vnd


def test_reinvestment_ranks_units_by_cost_with_what_to_do_per_machine(inputs: PaperInputs) -> None:
    doc = reinvestment.build(inputs)

    sai_gon = COSTS.replace_pc + COSTS.add_camera  # SG-PC02 replaced, SG-VC01's camera
    tan_dinh = COSTS.replace_pc + COSTS.add_memory + COSTS.replace_disk_with_ssd
    assert [(u.rank, u.ward, u.cost_vnd) for u in doc.units] == [
        (1, "phuong-sai-gon", sai_gon),
        (2, "phuong-tan-dinh", tan_dinh),
    ]
    assert doc.cost_vnd == sai_gon + tan_dinh and doc.machines == 4
    todo = {m.hostname: [r.text.vi for r in m.remedies] for u in doc.units for m in u.machines}
    assert todo == {
        "SG-PC02": ["Thay máy mới (CPU không đủ nhân)"],  # its memory comes with the new PC
        "SG-VC01": ["Lắp camera hội nghị"],
        "TD-PC03": ["Thay máy mới (không lên được Windows 11)"],
        "TD-PC02": ["Nâng RAM lên 8 GB", "Thay ổ HDD bằng SSD"],
    }


def test_a_replaced_pc_says_why_measured_against_required(inputs: PaperInputs) -> None:
    doc = reinvestment.build(inputs, "phuong-tan-dinh")
    (old,) = [m for u in doc.units for m in u.machines if m.hostname == "TD-PC03"]

    (why,) = [s for s in old.shortfalls if s.rule == "os_unsupported"]
    assert "TPM 1.2, cần TPM 2.0" in why.text.vi and "i5-6500" in why.text.vi
    assert old.cost_vnd == COSTS.replace_pc


def test_operational_findings_are_listed_apart_without_info(inputs: PaperInputs) -> None:
    doc = reinvestment.build(inputs)

    assert {(o.hostname, o.rule) for o in doc.operational} == {
        ("SG-PC01", "disk_free"),
        ("BT-PC01", "link_failing"),
        ("CG-PC01", "agent_silent"),
    }


def test_handover_records_count_evidence_beside_the_inventory(inputs: PaperInputs) -> None:
    doc = handover.build(inputs)

    counts = [(r.from_name, r.to_name, r.reported, r.listed, r.difference) for r in doc.records]
    assert counts == [
        ("Quận 1 / Phường Bến Nghé", "Phường Sài Gòn", 1, 2, -1),  # SG-PC02 never moved
        ("Quận 1 / Phường Tân Định", "Phường Tân Định", 2, 2, 0),
        ("Quận 1 / Phường Đa Kao", "Phường Tân Định", 1, 1, 0),
    ]
    assert [r.letterhead.number for r in doc.records] == ["01/BB-UBND", "01/BB-UBND", "02/BB-UBND"]
    assert (doc.reported, doc.listed) == (4, 5)


def test_each_moved_pc_carries_its_evidence_and_receipts(inputs: PaperInputs) -> None:
    doc = handover.build(inputs)
    pcs = {m.hostname: m for r in doc.records for m in r.machines}

    assert pcs["TD-PC03"].evidence == ("approved",)
    assert pcs["TD-PC01"].evidence == ("proven",)
    assert (pcs["SG-PC01"].last_before_at, pcs["SG-PC01"].first_after_at) == (
        BEFORE_MOVE,
        AFTER_MOVE,
    )
    assert pcs["SG-PC01"].asset_tag == "UBND-SG-0001"
    assert "6 nhân" in pcs["SG-PC01"].specs.vi and "Windows 11 Pro" in pcs["SG-PC01"].specs.vi


def test_one_units_records_are_those_it_gave_or_received(inputs: PaperInputs) -> None:
    received = handover.build(inputs, "phuong-tan-dinh")
    given = handover.build(inputs, "quan-1-phuong-da-kao")

    assert [r.from_key for r in received.records] == [
        "quan-1-phuong-tan-dinh",
        "quan-1-phuong-da-kao",
    ]
    assert [(r.to_ward, r.letterhead.number) for r in given.records] == [
        ("phuong-tan-dinh", "02/BB-UBND")  # numbered as in the city's set
    ]


def test_readiness_per_target_and_the_reasons(inputs: PaperInputs) -> None:
    doc = readiness.build(inputs)
    units = {u.ward: u for u in doc.units}

    assert doc.ready_units == 0
    ben_thanh = units["phuong-ben-thanh"]
    assert {t.target: t.ready for t in ben_thanh.targets} == {
        "datacenter": False, "video_conference": True, "records": True, "documents": True,
        "feedback_1022": True,
    }  # fmt: skip
    assert (ben_thanh.expected, ben_thanh.reporting, ben_thanh.silent) == (2, 1, 1)
    assert any("Trung tâm Dữ liệu chung" in r.vi for r in ben_thanh.reasons)
    assert units["xa-can-gio"].reasons[0].vi == "Không có máy nào gửi báo cáo"
    assert not any(t.ready for t in units["xa-can-gio"].targets)
    assert units["phuong-tan-dinh"].below_standard == 2
    assert set(units) == {"phuong-tan-dinh", "phuong-sai-gon", "phuong-ben-thanh", "xa-can-gio"}
    # the former units the PCs left are no longer units to be ready


def test_an_unknown_unit_is_refused_with_what_to_give(inputs: PaperInputs) -> None:
    for build in (reinvestment.build, handover.build, readiness.build):
        with pytest.raises(UnknownUnit, match="phuong-khong-co"):
            build(inputs, "phuong-khong-co")


def test_an_unknown_table_names_the_ones_there_are(inputs: PaperInputs) -> None:
    with pytest.raises(PaperError, match="choose one of machines, units, operational"):
        render("reinvestment", "csv", inputs, table="nope")
    with pytest.raises(PaperError, match="CSV only"):
        render("reinvestment", "xlsx", inputs, table="units")


def test_csv_opens_in_excel_as_utf8_and_defuses_formulas(inputs: PaperInputs) -> None:
    rogue = inputs.machines[0]._replace(hostname='=HYPERLINK("http://x")')
    changed = PaperInputs(**{**vars(inputs), "machines": (rogue, *inputs.machines[1:])})
    body = render("readiness", "csv", inputs).body
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    assert "Phường Bến Thành" in body.decode("utf-8-sig")

    text = render("handover", "csv", changed).body.decode("utf-8-sig")
    hostnames = [row[4] for row in csv.reader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://x")' in hostnames
