"""The handover records laid out as HTML: the summary of every pair for the DTC, then each
record on a page of its own, as a "biên bản" is written: the two parties, the PCs with
their evidence, the counts, the signature blocks of both heads."""

from __future__ import annotations

from collections.abc import Iterator

from collector.papers import words
from collector.papers.dates import day_words, stamp
from collector.papers.handover import HandoverRecord, HandoverRecords
from collector.papers.handover_tables import tables
from collector.papers.model import say
from collector.papers.to_html import (
    SIGNED,
    colgroup,
    esc,
    letterhead,
    page,
    report_signatures,
    signatures,
    table,
)
from standard.wording import Text

HEADERS = (
    Text("STT", "No."),
    words.HOSTNAME,
    words.ASSET_TAG,
    Text("Cấu hình", "Specifications"),
    Text("Căn cứ", "Evidence"),
    Text("Báo cáo cuối ở đơn vị cũ", "Last report, former unit"),
    Text("Báo cáo đầu ở đơn vị mới", "First report, new unit"),
)
MISSING = "—*"
COLUMNS = colgroup((5, 13, 13, 29, 14, 13, 13))


def signed(number: int) -> str:
    """Write a difference with its sign: +2, -1, 0."""
    return f"{number:+d}" if number else "0"


def _parties(record: HandoverRecord, lang: str) -> str:
    lines = (
        Text(
            f"BÊN GIAO (Bên A): {record.from_name}", f"HANDING OVER (Party A): {record.from_name}"
        ),
        Text(
            "Đại diện: Ông/Bà ..................................... Chức vụ: Thủ trưởng đơn vị",
            "Represented by: ..................................... Position: head of the unit",
        ),
        Text(
            f"BÊN NHẬN (Bên B): Ủy ban nhân dân {record.to_name}",
            f"RECEIVING (Party B): People's Committee of {record.to_name}",
        ),
        Text(
            "Đại diện: Ông/Bà ..................................... Chức vụ: Chủ tịch",
            "Represented by: ..................................... Position: Chairperson",
        ),
    )
    return "".join(
        f"<p><b>{esc(head)}:</b>{esc(rest)}</p>" if i % 2 == 0 else f"<p>{esc(say(t, lang))}</p>"
        for i, t in enumerate(lines)
        for head, _, rest in [say(t, lang).partition(":")]
    )


def _rows(record: HandoverRecord, lang: str, zone: str) -> Iterator[str]:
    for i, m in enumerate(record.machines, start=1):
        evidence = "; ".join(str(say(words.EVIDENCE.get(k, Text(k, k)), lang)) for k in m.evidence)
        before = stamp(m.last_before_at, zone, lang) or MISSING
        after = stamp(m.first_after_at, zone, lang) or MISSING
        yield (
            f"<tr><td class=n>{i}</td><td>{esc(m.hostname)}</td><td>{esc(m.asset_tag or '')}</td>"
            f"<td>{esc(say(m.specs, lang))}</td><td>{esc(evidence)}</td>"
            f"<td>{esc(before)}</td><td>{esc(after)}</td></tr>"
        )


def _counts(record: HandoverRecord, lang: str) -> str:
    d = record.difference
    why = Text("", "")
    if d < 0:
        why = Text(
            f": {-d} máy có trong danh mục nhưng chưa có căn cứ chuyển (kiểm tra agent đã "
            "đăng ký vào đơn vị mới chưa)",
            f": {-d} PCs in the inventory have no evidenced move yet (check that their agents "
            "enrolled into the new unit)",
        )
    elif d > 0:
        why = Text(
            f": {d} máy đã chuyển nhưng danh mục chưa ghi đơn vị cũ (cập nhật former_unit)",
            f": {d} PCs moved that the inventory does not list as from this unit "
            "(update former_unit)",
        )
    text = Text(
        f"Tổng số máy theo dữ liệu ghi nhận: {record.reported}; theo danh mục tài sản: "
        f"{record.listed}; chênh lệch: {signed(d)}{why.vi}.",
        f"PCs by evidence: {record.reported}; in the inventory: {record.listed}; "
        f"difference: {signed(d)}{why.en}.",
    )
    return f'<p class="key" data-key="counts">{esc(say(text, lang))}</p>'


def _signatures(r: HandoverRecord, lang: str) -> str:
    giver = Text(f"Thủ trưởng {r.from_name}", f"Head of {r.from_name}")
    receiver = Text(f"Chủ tịch UBND {r.to_name}", f"Chairperson, {r.to_name}")
    return signatures(
        (Text("ĐẠI DIỆN BÊN GIAO", "FOR PARTY A"), giver, SIGNED),
        (Text("ĐẠI DIỆN BÊN NHẬN", "FOR PARTY B"), receiver, SIGNED),
        lang,
    )


def record_html(doc: HandoverRecords, r: HandoverRecord, lang: str, zone: str) -> str:
    """Lay out record `r` of `doc` on its own page."""
    day = day_words(doc.generated_at, zone)
    opening = Text(
        f"Hôm nay, {day.vi}, tại trụ sở Ủy ban nhân dân {r.to_name}, chúng tôi gồm:",
        f"On {day.en}, at the offices of the People's Committee of {r.to_name}, we the "
        "undersigned:",
    )
    agreed = Text(
        "Hai bên thống nhất bàn giao các máy vi tính cá nhân dưới đây. Danh sách do hệ thống "
        "wardwatch lập từ căn cứ: mỗi máy đã báo cáo dưới đơn vị cũ, rồi được chuyển sang đơn "
        "vị mới khi trình token của chính nó hoặc khi Trung tâm Chuyển đổi số phê duyệt.",
        "Both parties agree to hand over the personal computers below. The list is drawn up by "
        "wardwatch from evidence: each PC reported under the former unit, then moved to the new "
        "one presenting its own token or with the approval of the Digital Transformation Centre.",
    )
    copies = Text(
        "Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản.",
        "This record is made in 2 copies of equal value, one for each party.",
    )
    head = "".join(f"<th>{esc(say(h, lang))}</th>" for h in HEADERS)
    note = ""
    if any(m.last_before_at is None or m.first_after_at is None for m in r.machines):
        days = doc.retention_days
        note = esc(
            say(
                Text(
                    f"(*) Không còn trong lịch sử báo cáo (lịch sử được giữ {days:g} ngày).",
                    f"(*) No longer in the report history (kept {days:g} days).",
                ),
                lang,
            )
        )
        note = f'<p class="note">{note}</p>'
    return "".join(
        (
            f'<section class="record" data-record="{esc(r.letterhead.number)}">',
            letterhead(r.letterhead, lang),
            f"<p>{esc(say(opening, lang))}</p>",
            _parties(r, lang),
            f"<p>{esc(say(agreed, lang))}</p>",
            f'<table class="grid record">{COLUMNS}<thead><tr>{head}</tr></thead><tbody>',
            *_rows(r, lang, zone),
            "</tbody></table>",
            note,
            _counts(r, lang),
            f"<p>{esc(say(copies, lang))}</p>",
            _signatures(r, lang),
            "</section>",
        )
    )


def body(doc: HandoverRecords, lang: str, zone: str) -> Iterator[str]:
    """Yield the summary, then every record."""
    _, pairs = tables(doc)
    total = Text(
        f"{len(doc.records)} biên bản; {doc.reported} máy chuyển theo dữ liệu, {doc.listed} "
        f"theo danh mục; chênh lệch {signed(doc.reported - doc.listed)}",
        f"{len(doc.records)} records; {doc.reported} PCs moved by evidence, {doc.listed} in the "
        f"inventory; difference {signed(doc.reported - doc.listed)}",
    )
    yield letterhead(doc.letterhead, lang)
    yield (
        f'<p class="key" data-key="total"><b>{esc(say(total, lang))}</b>. '
        f"{esc(say(words.GENERATED, lang))} {esc(stamp(doc.generated_at, zone, lang))}.</p>"
    )
    yield table(pairs, lang, zone)
    yield report_signatures(lang)
    yield from (record_html(doc, r, lang, zone) for r in doc.records)


def to_page(doc: HandoverRecords, lang: str, zone: str) -> str:
    """Return the whole HTML page."""
    return page(str(say(doc.letterhead.title, lang)), body(doc, lang, zone), lang)
