"""The dashboards' fixed uids, one per dashboard and language, and links between them."""

from __future__ import annotations

from dashboards.text import Lang

CITY = "wardwatch-city"
UNIT = "wardwatch-unit"
MACHINE = "wardwatch-machine"
LINKS = "wardwatch-links"
COLLECTOR = "wardwatch-collector"


def uid(base: str, lang: Lang) -> str:
    """Return the uid of dashboard `base` in `lang`: wardwatch-city-vi, wardwatch-city-en..."""
    return f"{base}-{lang}"


def drilldown(base: str, lang: Lang, **variables: str) -> str:
    """Return the URL of dashboard `base` in `lang` with the variables set from a table row
    (`${__data.fields.NAME}`), keeping the time range and the datasource."""
    pairs = [f"var-{name}=${{__data.fields.{field}}}" for name, field in variables.items()]
    return f"/d/{uid(base, lang)}?" + "&".join(
        [*pairs, "${datasource:queryparam}", "${__url_time_range}"]
    )
