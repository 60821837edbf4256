"""What every wardwatch dashboard has: uid, tags, the city's time zone, links to the others."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard, DashboardLink
from grafana_foundation_sdk.models.dashboard import DashboardCursorSync, DashboardLinkType

from dashboards import uids
from dashboards.text import Lang, Text

TAG = "wardwatch"
TIMEZONE = "Asia/Ho_Chi_Minh"  # the DTC reads office hours in the city's time
OTHERS = Text("Bảng điều khiển wardwatch", "wardwatch dashboards")


def board(base: str, title: Text, description: Text, lang: Lang) -> Dashboard:
    """Return a dashboard `base` in `lang`, linked to the other dashboards of that language."""
    others = (
        DashboardLink(OTHERS.in_(lang))
        .type(DashboardLinkType.DASHBOARDS)
        .tags([TAG, lang])
        .as_dropdown(True)
        .include_vars(True)
        .keep_time(True)
    )
    return (
        Dashboard(title.in_(lang))
        .uid(uids.uid(base, lang))
        .description(description.in_(lang))
        .tags([TAG, lang])
        .timezone(TIMEZONE)
        .time("now-6h", "now")
        .refresh("1m")
        .tooltip(DashboardCursorSync.CROSSHAIR)
        .link(others)
    )
