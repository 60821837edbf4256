"""The reinvestment list laid out as HTML: the totals, the cost per unit as a chart, the
units, each unit's machines, the operational findings apart, and the prices used."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from collector.papers import charts
from collector.papers.dates import stamp
from collector.papers.model import words
from collector.papers.reinvestment import ReinvestmentList, UnitNeed, summary
from collector.papers.reinvestment_tables import machines_table, tables
from collector.papers.to_html import esc, letterhead, page, report_signatures, table
from standard.wording import Text, number_en, number_vi, vnd

TOP_UNITS = 20  # bars in the chart; the rest are summed in one
PRICES = {
    "replace_pc": Text("Thay máy trạm", "Replace a PC"),
    "replace_server": Text("Thay máy chủ", "Replace a server"),
    "add_memory": Text("Thêm RAM (1 thanh 8 GB)", "Add memory (one 8 GB module)"),
    "replace_disk_with_ssd": Text("Thay HDD bằng SSD", "Replace the HDD with an SSD"),
    "replace_nic": Text("Thay card mạng", "Replace the network card"),
    "add_camera": Text("Lắp camera hội nghị", "Add a conference camera"),
    "add_microphone": Text("Lắp loa-micrô hội nghị", "Add a conference speakerphone"),
}
MACHINE_COLUMNS = ("hostname", "asset_tag", "role", "remedies", "shortfalls", "cost_vnd")


def _millions(amount: int, lang: str) -> str:
    value = amount / 1_000_000
    return f"{number_vi(value)} tr đ" if lang == "vi" else f"{number_en(value)} M VND"


def chart(doc: ReinvestmentList, lang: str) -> str:
    """Draw the estimate per unit: the largest units, the others summed."""
    bars = [(u.name, u.cost_vnd) for u in doc.units[:TOP_UNITS]]
    rest = doc.units[TOP_UNITS:]
    if rest:
        label = Text(f"{len(rest)} đơn vị khác", f"{len(rest)} other units")
        bars.append((str(words(label, lang)), sum(u.cost_vnd for u in rest)))
    title = Text("Chi phí ước tính theo đơn vị", "Estimated cost per unit")
    return charts.bar_chart(bars, [_millions(v, lang) for _, v in bars], str(words(title, lang)))


def _unit_section(unit: UnitNeed, lang: str, zone: str) -> str:
    head = Text(
        f"{unit.rank}. {unit.name} ({unit.ward}): {len(unit.machines)} máy, {vnd(unit.cost_vnd)}",
        f"{unit.rank}. {unit.name} ({unit.ward}): {len(unit.machines)} machines, "
        f"{vnd(unit.cost_vnd)}",
    )
    rows = table(machines_table((unit,)), lang, zone, MACHINE_COLUMNS)
    return f'<h3 data-unit="{esc(unit.ward)}">{esc(words(head, lang))}</h3>{rows}'


def _prices(doc: ReinvestmentList, lang: str) -> str:
    items = "".join(
        f"<li>{esc(words(PRICES.get(name, Text(name, name)), lang))}: "
        f"{esc(vnd(getattr(doc.prices, name)))}</li>"
        for name in (f.name for f in dataclasses.fields(doc.prices))
    )
    intro = Text(
        "Đơn giá áp dụng (tiêu chuẩn thiết bị, mục costs_vnd); khi phải thay máy, chi phí thay "
        "máy đã gồm RAM, ổ đĩa, card mạng của máy đó:",
        "Prices used (the equipment standard, costs_vnd); a replacement covers that machine's "
        "memory, disk and network card:",
    )
    return f'<p class="note">{esc(words(intro, lang))}</p><ul class="note">{items}</ul>'


def body(doc: ReinvestmentList, lang: str, zone: str) -> Iterator[str]:
    """Yield the document's parts in reading order."""
    _, units, operational = tables(doc)
    w = lambda text: esc(words(text, lang))  # noqa: E731
    scope = Text("Toàn thành phố", "Whole city") if doc.unit is None else Text("Đơn vị", "Unit")
    yield letterhead(doc.letterhead, lang)
    yield (
        f'<p class="key" data-key="total">{w(scope)}: <b>{esc(words(summary(doc), lang))}</b>. '
        f"{w(Text('Số liệu lập lúc', 'Figures as of'))} "
        f"{esc(stamp(doc.generated_at, zone, lang))}.</p>"
    )
    if doc.units:
        yield chart(doc, lang)
    yield f"<h2>I. {w(units.title)}</h2>{table(units, lang, zone)}"
    yield f'<div class="wide"><h2>II. {w(Text("Chi tiết theo đơn vị", "Machines per unit"))}</h2>'
    yield from (_unit_section(u, lang, zone) for u in doc.units)
    yield f"<h2>III. {w(operational.title)}</h2>{table(operational, lang, zone)}</div>"
    yield _prices(doc, lang)
    yield report_signatures(lang)


def to_page(doc: ReinvestmentList, lang: str, zone: str) -> str:
    """Return the whole HTML page."""
    return page(str(words(doc.letterhead.title, lang)), body(doc, lang, zone), lang)
