"""The head of an administrative document (Decree 30/2020/NĐ-CP, Appendix I): the national
title and motto, the superior and the issuing body, the number, the place and date line,
and the document's kind and title."""

from __future__ import annotations

from dataclasses import dataclass

from collector.config import PapersConfig
from collector.papers.dates import date_line
from collector.reinvestment import ward_name
from inventory.model import Inventory
from standard.wording import Text

NATIONAL_TITLE = Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM")
MOTTO = Text("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness")
REPORT = "BC"  # báo cáo: the reinvestment list, readiness, the handover summary
RECORD = "BB"  # biên bản: a handover record


@dataclass(frozen=True)
class Letterhead:
    """What heads one document, in both languages."""

    superior: Text  # cơ quan chủ quản
    issuer: Text  # cơ quan ban hành
    number: str  # "01/BB-UBND"; blank before the slash for the office clerk to fill
    dated: Text  # "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2025"
    title: Text  # "BIÊN BẢN BÀN GIAO MÁY VI TÍNH CÁ NHÂN"
    subtitle: Text | None = None


NUMBER = Text("Số", "No.")


def _number(sequence: int | None, kind: str, issuer_short: str) -> str:
    """Number a document; None leaves the number for the office clerk (văn thư) to give."""
    shown = f"{sequence:02d}" if sequence is not None else "\u2003\u2003"
    return f"{shown}/{kind}-{issuer_short}"


def centre_letterhead(
    papers: PapersConfig, now: float, title: Text, subtitle: Text | None = None
) -> Letterhead:
    """Head a report the issuing body (the DTC by default) sends; the clerk numbers it."""
    return Letterhead(
        superior=Text(papers.superior_body, papers.superior_body_en),
        issuer=Text(papers.issuing_body, papers.issuing_body_en),
        number=_number(None, REPORT, papers.issuing_body_short),
        dated=date_line(now, papers.time_zone, Text(papers.place, papers.place_en)),
        title=title,
        subtitle=subtitle,
    )


def unit_letterhead(
    papers: PapersConfig, unit_name: str, sequence: int, now: float, title: Text, subtitle: Text
) -> Letterhead:
    """Head a record the unit `unit_name` ("Phường Sài Gòn") issues, its `sequence`-th."""
    return Letterhead(
        superior=Text(papers.superior_body, papers.superior_body_en),
        issuer=Text(
            f"ỦY BAN NHÂN DÂN {unit_name.upper()}", f"PEOPLE'S COMMITTEE OF {unit_name.upper()}"
        ),
        number=_number(sequence, RECORD, "UBND"),
        dated=date_line(now, papers.time_zone, Text(papers.place, papers.place_en)),
        title=title,
        subtitle=subtitle,
    )


def unit_subtitle(unit: str | None, inventory: Inventory) -> Text | None:
    """Name the one unit a document covers under its title; None for the whole city."""
    return Text(ward_name(unit, inventory), ward_name(unit, inventory)) if unit else None
