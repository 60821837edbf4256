"""The spreadsheets, read back with openpyxl as Excel would show them."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from collector.papers.catalogue import render
from collector.papers.inputs import PaperInputs
from standard.model import load_standard

COSTS = load_standard().costs_vnd


def _book(inputs: PaperInputs, document: str, lang: str = "vi") -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx", inputs, lang=lang).body))


def test_one_sheet_per_table_with_vietnamese_headers_frozen(inputs: PaperInputs) -> None:
    book = _book(inputs, "reinvestment")

    assert book.sheetnames == [
        "Máy cần đầu tư lại",
        "Tổng hợp theo đơn vị",
        "Vấn đề vận hành (cần xử lý,",  # Excel keeps 31 characters: cut at a word
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in book["Máy cần đầu tư lại"][1]]
    assert header[:4] == ["Hạng", "Mã đơn vị", "Đơn vị", "Tên máy"]
    assert header[-1] == "Chi phí ước tính (đồng)"


def test_costs_are_numbers_in_dong_and_the_total_is_a_sum(inputs: PaperInputs) -> None:
    sheet = _book(inputs, "reinvestment")["Tổng hợp theo đơn vị"]
    rows = list(sheet.iter_rows(min_row=2))

    costs = [row[5] for row in rows]
    sai_gon = COSTS.replace_pc + COSTS.add_camera
    assert costs[0].value == sai_gon and costs[0].number_format == '#,##0 "đ"'
    total = costs[-1]
    assert rows[-1][2].value == "Tổng cộng toàn thành phố"
    assert total.value == "=SUM(F2:F3)" and total.font.bold


def test_the_cached_total_is_what_excel_shows_before_recalculating(inputs: PaperInputs) -> None:
    body = render("reinvestment", "xlsx", inputs).body
    sheet = openpyxl.load_workbook(io.BytesIO(body), data_only=True)["Tổng hợp theo đơn vị"]
    last = list(sheet.iter_rows(min_row=2))[-1]

    sai_gon, tan_dinh = COSTS.replace_pc + COSTS.add_camera, COSTS.replace_pc + 2_400_000
    assert last[5].value == sai_gon + tan_dinh


def test_receipts_are_dates_in_the_citys_time(inputs: PaperInputs) -> None:
    sheet = _book(inputs, "handover")["Máy vi tính cá nhân đã chuyển"]
    by_host = {row[4].value: row for row in sheet.iter_rows(min_row=2)}

    last_before = by_host["SG-PC01"][8]
    assert last_before.value == datetime(2025, 6, 30, 16, 15)  # 09:15 UTC in Ho Chi Minh City
    assert last_before.number_format == "dd/mm/yyyy hh:mm"


@pytest.mark.parametrize("document", ["handover", "readiness"])
def test_english_headers_with_lang_en(inputs: PaperInputs, document: str) -> None:
    first = _book(inputs, document, "en").worksheets[0]
    assert "Unit code" in [c.value for c in first[1]]


def test_ratios_are_percent_formatted(inputs: PaperInputs) -> None:
    sheet = _book(inputs, "readiness").worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("Tỷ lệ báo cáo")
    cell = next(r[column] for r in sheet.iter_rows(min_row=2) if r[0].value == "phuong-ben-thanh")
    assert (cell.value, cell.number_format) == (0.5, "0.0%")
