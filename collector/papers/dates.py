"""Times in the documents: unix seconds shown in the city's time zone, and the date line of
an administrative document as Decree 30/2020/NĐ-CP writes it."""

from __future__ import annotations

import functools
from datetime import datetime
from zoneinfo import ZoneInfo

from standard.wording import Text

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


@functools.cache
def zone(name: str) -> ZoneInfo:
    """Return the time zone `name` (validated when the config was loaded)."""
    return ZoneInfo(name)


def local(at_seconds: float, time_zone: str) -> datetime:
    """Return unix seconds as an aware datetime in `time_zone`."""
    return datetime.fromtimestamp(at_seconds, zone(time_zone))


def stamp(at_seconds: float | None, time_zone: str, lang: str) -> str:
    """Format a moment to the minute: 05/07/2025 08:30 (vi), 2025-07-05 08:30 (en); "" if None."""
    if at_seconds is None:
        return ""
    moment = local(at_seconds, time_zone)
    return moment.strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")


def day_words(at_seconds: float, time_zone: str) -> Text:
    """Return the date in words: "ngày 05 tháng 7 năm 2025", "5 July 2025".

    Decree 30/2020/NĐ-CP: a day below 10, and the months 1 and 2, take a leading zero.
    """
    day = local(at_seconds, time_zone)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return Text(
        f"ngày {day.day:02d} tháng {month} năm {day.year}",
        f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}",
    )


def date_line(at_seconds: float, time_zone: str, place: Text) -> Text:
    """Return the place and date line: "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2025"."""
    day = day_words(at_seconds, time_zone)
    return Text(f"{place.vi}, {day.vi}", f"{place.en}, {day.en}")
