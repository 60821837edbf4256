"""Bilingual text and the number and date formats findings are written with."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

GIB = 1024**3


class Text(NamedTuple):
    """One sentence in Vietnamese and English."""

    vi: str
    en: str


def number_vi(value: float, digits: int = 1) -> str:
    """Format `value` the Vietnamese way: decimal comma, no trailing zeros."""
    return number_en(value, digits).replace(".", ",")


def number_en(value: float, digits: int = 1) -> str:
    """Format `value` with at most `digits` decimals and no trailing zeros."""
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def gib(value_bytes: float) -> Text:
    """Format a size in bytes as GiB in both languages."""
    size = value_bytes / GIB
    return Text(f"{number_vi(size)} GiB", f"{number_en(size)} GiB")


def percent(ratio: float) -> Text:
    """Format a ratio (0..1) as a percentage in both languages."""
    return Text(f"{number_vi(ratio * 100)}%", f"{number_en(ratio * 100)}%")


def millis(value_seconds: float) -> str:
    """Format seconds as whole milliseconds (same in both languages)."""
    return f"{round(value_seconds * 1000)} ms"


def megabits(bits_per_second: float) -> str:
    """Format a link speed in Mbit/s (same in both languages)."""
    return f"{round(bits_per_second / 1_000_000)} Mbit/s"


def day_vi(day: date) -> str:
    """Format a date as Vietnamese write it: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def day_en(day: date) -> str:
    """Format a date as ISO 8601: yyyy-mm-dd."""
    return day.isoformat()


def vnd(amount: int) -> str:
    """Format an amount of đồng the Vietnamese way: 17.000.000 đ."""
    return f"{amount:,} đ".replace(",", ".")
