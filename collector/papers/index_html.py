"""The officials' own view, without Grafana: the index of /reports, every unit with its
state and links to its documents in each format, and the city's documents at the top."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from collector.papers import handover, readiness, reinvestment, words
from collector.papers.dates import stamp
from collector.papers.inputs import PaperInputs
from collector.papers.model import say
from collector.papers.to_html import esc, page
from standard.wording import Text, vnd

TITLE = Text("Báo cáo và biên bản của wardwatch", "wardwatch documents")
DOCUMENTS = (
    ("reinvestment", Text("Đầu tư lại", "Reinvestment")),
    ("readiness", Text("Sẵn sàng", "Readiness")),
    ("handover", Text("Bàn giao máy", "Handover")),
)
FORMATS = ("html", "pdf", "xlsx", "csv", "json")


def _link(document: str, fmt: str, lang: str, unit: str | None = None) -> str:
    query = urlencode({k: v for k, v in (("unit", unit), ("lang", lang)) if v})
    return f"{document}.{fmt}?{query}"


def _links(document: str, lang: str, unit: str | None = None) -> str:
    return " · ".join(
        f'<a href="{esc(_link(document, fmt, lang, unit))}">{fmt.upper()}</a>' for fmt in FORMATS
    )


def to_page(inputs: PaperInputs, lang: str) -> str:
    """Return the index page for `inputs`, in `lang`."""
    ready = readiness.build(inputs)
    costs = {u.ward: u.cost_vnd for u in reinvestment.build(inputs).units}
    moved: Counter[str] = Counter()
    for r in handover.build(inputs).records:
        moved[r.to_ward] += r.reported
    other = "en" if lang == "vi" else "vi"
    city = "".join(
        f"<li><b>{esc(say(label, lang))}</b>: {_links(doc, lang)}</li>" for doc, label in DOCUMENTS
    )
    heads = (words.UNIT_CODE, words.UNIT, Text("Tình trạng", "State"),
             Text("Chi phí đầu tư lại", "Reinvestment"), Text("Máy nhận bàn giao", "PCs received"),
             *(label for _, label in DOCUMENTS))  # fmt: skip
    rows = "".join(_row(u, costs, moved, lang) for u in sorted(ready.units, key=lambda u: u.name))
    switch = "English" if lang == "vi" else "Tiếng Việt"
    when = stamp(inputs.now, inputs.papers.time_zone, lang)
    body = (
        f'<p class="noprint"><a href="?lang={other}">{switch}</a></p>',
        f"<h1>{esc(say(TITLE, lang))}</h1>",
        f'<p class="key" data-key="ready"><b>{ready.ready_units}/{len(ready.units)}</b> '
        f"{esc(say(Text('đơn vị sẵn sàng', 'units ready'), lang))}. "
        f"{esc(say(words.GENERATED, lang))} {esc(when)}.</p>",
        f"<h2>{esc(say(Text('Toàn thành phố', 'Whole city'), lang))}</h2><ul>{city}</ul>",
        f"<h2>{esc(say(Text('Theo đơn vị', 'Per unit'), lang))}</h2>",
        '<table class="grid"><thead><tr>',
        "".join(f"<th>{esc(say(h, lang))}</th>" for h in heads),
        f"</tr></thead><tbody>{rows}</tbody></table>",
    )
    return page(say(TITLE, lang), body, lang)


def _row(
    unit: readiness.UnitReadiness, costs: dict[str, int], moved: Counter[str], lang: str
) -> str:
    state = words.READY if unit.ready else words.NOT_READY
    css = "ok" if unit.ready else "bad"
    links = "".join(f"<td>{_links(doc, lang, unit.ward)}</td>" for doc, _ in DOCUMENTS)
    return (
        f'<tr data-unit="{esc(unit.ward)}"><td>{esc(unit.ward)}</td><td>{esc(unit.name)}</td>'
        f'<td class="{css}">{esc(say(state, lang))}</td>'
        f'<td class="n">{esc(vnd(costs.get(unit.ward, 0)))}</td>'
        f'<td class="n">{moved.get(unit.ward, 0)}</td>{links}</tr>'
    )
