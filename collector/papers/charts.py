"""Inline SVG charts: the estimated cost per unit, and the readiness grid of the units
against the data centre and the four tools. Plain shapes and text, no script."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from standard.wording import Text

BAR_HEIGHT = 16
LABEL_WIDTH = 210
VALUE_WIDTH = 90
CELL = 26
GREEN, RED, GREY = "#2e8b57", "#c0392b", "#bbbbbb"


def _text(x: float, y: float, value: str, anchor: str = "start", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}">'
        f"{escape(value)}</text>"
    )


def bar_chart(
    bars: Sequence[tuple[str, int]], shown: Sequence[str], title: str, width: int = 700
) -> str:
    """Draw horizontal bars, one per (label, value), each with its value's text in `shown`."""
    top = max((v for _, v in bars), default=0) or 1
    span = width - LABEL_WIDTH - VALUE_WIDTH
    height = 24 + BAR_HEIGHT * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Noto Serif, serif">',
        f"<title>{escape(title)}</title>",
        _text(0, 14, title, size=12),
    ]
    for i, ((label, value), text) in enumerate(zip(bars, shown, strict=True)):
        y = 24 + i * BAR_HEIGHT
        length = span * value / top
        parts += [
            _text(LABEL_WIDTH - 6, y + 12, label, "end"),
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{BAR_HEIGHT - 4}" '
            'fill="#3a6ea5"/>',
            _text(LABEL_WIDTH + length + 4, y + 12, text),
        ]
    parts.append("</svg>")
    return "".join(parts)


def readiness_grid(
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[bool | None]]],
    legend: Text,
    lang: str,
) -> str:
    """Draw one row of cells per unit: green ready, red not, grey when nothing reports."""
    label = LABEL_WIDTH
    width = label + CELL * len(columns) + 10
    header = 90
    height = header + CELL * len(rows) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Noto Serif, serif">',
        f"<title>{escape(legend.vi if lang == 'vi' else legend.en)}</title>",
    ]
    for j, name in enumerate(columns):
        x = label + j * CELL + CELL / 2 + 4
        parts.append(
            f'<text transform="translate({x:.1f},{header - 4}) rotate(-45)" font-size="10">'
            f"{escape(name)}</text>"
        )
    for i, (unit, cells) in enumerate(rows):
        y = header + i * CELL
        parts.append(_text(label - 6, y + 17, unit, "end"))
        for j, state in enumerate(cells):
            fill = GREY if state is None else GREEN if state else RED
            parts.append(
                f'<rect x="{label + j * CELL + 1}" y="{y + 1}" width="{CELL - 2}" '
                f'height="{CELL - 2}" fill="{fill}"/>'
            )
    parts.append(_text(0, height - 6, legend.vi if lang == "vi" else legend.en, size=10))
    parts.append("</svg>")
    return "".join(parts)
