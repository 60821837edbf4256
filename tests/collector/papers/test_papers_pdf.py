"""The PDFs, read back with poppler (pdftotext, pdffonts, pdfinfo): Vietnamese intact, fonts
embedded, A4 with numbered pages, the handover record's signature blocks."""

from __future__ import annotations

import http.server
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from artifacts import keep

from collector.papers.catalogue import render
from collector.papers.errors import PaperError
from collector.papers.inputs import PaperInputs
from collector.papers.to_pdf import to_pdf


def _poppler(tool: str, path: Path, *options: str) -> str:
    done = subprocess.run([tool, *options, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return done.stdout


@pytest.fixture(scope="module")
def handover_pdf(inputs: PaperInputs) -> Path:
    """Write the city's handover records as PDF, kept as an artefact."""
    return keep("bien-ban-ban-giao.pdf", render("handover", "pdf", inputs).body)


def test_the_handover_record_keeps_its_vietnamese_and_its_signature_blocks(
    handover_pdf: Path,
) -> None:
    # in drawing order, one space for every run of spaces and line breaks: long names wrap
    raw = _poppler("pdftotext", handover_pdf, "-raw")
    text = " ".join(unicodedata.normalize("NFC", raw).split())

    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH",
        "Số: 02/BB-UBND",
        "Thành phố Hồ Chí Minh, ngày 01 tháng 11 năm 2025",
        "BIÊN BẢN BÀN GIAO MÁY VI TÍNH CÁ NHÂN",
        "Từ Quận 1 / Phường Đa Kao sang Phường Tân Định",
        "BÊN GIAO (Bên A):",
        "BÊN NHẬN (Bên B):",
        "ĐẠI DIỆN BÊN GIAO",
        "ĐẠI DIỆN BÊN NHẬN",
        "(Ký, ghi rõ họ tên và đóng dấu)",
        "theo danh mục tài sản: 2; chênh lệch: -1",
    ):
        assert line in text, line
    assert text.count("ĐẠI DIỆN BÊN GIAO") == 3  # one record per pair of units


def test_the_fonts_are_embedded_and_the_pages_a4_and_numbered(handover_pdf: Path) -> None:
    fonts = _poppler("pdffonts", handover_pdf).splitlines()[2:]
    info = _poppler("pdfinfo", handover_pdf)
    text = _poppler("pdftotext", handover_pdf, "-layout")

    assert fonts and all("Noto-Serif" in f and " yes yes " in f for f in fonts)
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 4  # the summary, then three records
    assert f"Trang 1/{pages}" in text and f"Trang {pages}/{pages}" in text


@pytest.mark.parametrize(("document", "seen"), [
    ("reinvestment", "ước tính 46.400.000 đ"),
    ("readiness", "0/4 đơn vị sẵn sàng"),
])  # fmt: skip
def test_the_reports_print_their_totals(inputs: PaperInputs, document: str, seen: str) -> None:
    path = keep(f"{document}.pdf", render(document, "pdf", inputs).body)
    text = " ".join(unicodedata.normalize("NFC", _poppler("pdftotext", path)).split())
    assert seen in text


def test_english_pdf(inputs: PaperInputs) -> None:
    path = keep("handover.en.pdf", render("handover", "pdf", inputs, lang="en").body)
    text = _poppler("pdftotext", path)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "FOR PARTY B" in text
    assert "Page 1/4" in text


def test_missing_fonts_say_which_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(PaperError, match="install the Debian package fonts-noto-core"):
        to_pdf("<p>x</p>", font_dir=tmp_path)


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every path asked of it."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()


def test_a_pdf_fetches_nothing_but_its_fonts(listener: tuple[str, list[str]]) -> None:
    url, asked = listener
    page = f'<img src="{url}/image.png"><link rel="stylesheet" href="{url}/x.css"><p>Xã</p>'

    assert to_pdf(page).startswith(b"%PDF")
    assert asked == []
