"""The HTML documents in headless Chromium: the key numbers shown on the page, a
screenshot of each kept in test-artifacts/papers, nothing fetched from anywhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from artifacts import ARTIFACTS, keep
from chromium import Chromium

from collector.papers.catalogue import render
from collector.papers.inputs import PaperInputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """A headless Chromium for the module."""
    chromium = Chromium(tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.stop()


def _shown(browser: Chromium, inputs: PaperInputs, document: str, lang: str = "vi") -> str:
    page = keep(f"{document}.{lang}.html", render(document, "html", inputs, lang=lang).body)
    shot = ARTIFACTS / f"{document}.{lang}.png"
    text = browser.open(page.as_uri(), shot)
    assert shot.stat().st_size > 10_000  # a page was drawn, not a blank
    return " ".join(text.split())


def test_the_reinvestment_list_shows_its_totals(browser: Chromium, inputs: PaperInputs) -> None:
    text = _shown(browser, inputs, "reinvestment")

    assert "2 đơn vị, 4 máy cần đầu tư lại, ước tính 46.400.000 đ" in text
    assert "1. Phường Sài Gòn (phuong-sai-gon): 2 máy, 27.000.000 đ" in text
    assert "Nâng RAM lên 8 GB; Thay ổ HDD bằng SSD" in text
    assert "Tổng cộng toàn thành phố" in text
    assert "Chi phí ước tính theo đơn vị" in text  # the chart's title, drawn in SVG


def test_the_handover_records_show_their_counts(browser: Chromium, inputs: PaperInputs) -> None:
    text = _shown(browser, inputs, "handover")

    assert "3 biên bản; 4 máy chuyển theo dữ liệu, 5 theo danh mục; chênh lệch -1" in text
    assert "BIÊN BẢN BÀN GIAO MÁY VI TÍNH CÁ NHÂN" in text
    assert "theo danh mục tài sản: 2; chênh lệch: -1" in text
    assert "30/06/2025 16:15" in text  # SG-PC01's last report under Bến Nghé


def test_the_readiness_report_shows_who_is_ready(browser: Chromium, inputs: PaperInputs) -> None:
    text = _shown(browser, inputs, "readiness")

    assert "0/4 đơn vị sẵn sàng" in text
    assert "Chỉ 0% số máy kết nối đạt chuẩn tới Trung tâm Dữ liệu chung (cần ≥ 90%)" in text


def test_english_pages(browser: Chromium, inputs: PaperInputs) -> None:
    text = _shown(browser, inputs, "reinvestment", "en")
    assert "2 units, 4 machines to reinvest in, estimated 46.400.000 đ" in text


def test_pages_hold_no_external_reference(inputs: PaperInputs) -> None:
    for document in ("reinvestment", "handover", "readiness"):
        page = render(document, "html", inputs).body.decode()
        assert "src=" not in page and "<link" not in page and "<script" not in page
        bare = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "http://" not in bare and "https://" not in bare
