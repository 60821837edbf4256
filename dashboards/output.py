"""The generated files: dashboards as deterministic JSON, recording rules as YAML.

The same build always writes the same bytes (`sort_keys`, `indent=2`, panel ids in
order), so `--check` can compare the committed files with a fresh build.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import Dashboard, Panel, RowPanel

from dashboards import rules_file
from dashboards.catalogue import DASHBOARDS
from dashboards.text import LANGS

HERE = Path(__file__).resolve().parent
INTERVAL = "interval"  # the one variable type whose auto* fields mean something


def number_panels(dashboard: Dashboard) -> None:
    """Give every panel and row an id, 1, 2, ... in the order they appear."""
    for number, panel in enumerate(_panels(dashboard), start=1):
        panel.id_val = number


def _panels(dashboard: Dashboard) -> Iterator[Panel | RowPanel]:
    for panel in dashboard.panels or []:
        yield panel
        if isinstance(panel, RowPanel):
            yield from panel.panels


def drop_interval_fields(dashboard: Dashboard) -> None:
    """Clear the interval-only fields the SDK gives every variable (Grafana's schema lists
    them for no variable type; they mean something only to an interval variable)."""
    for variable in dashboard.templating.list_val or [] if dashboard.templating else []:
        if variable.type_val != INTERVAL:
            variable.auto = variable.auto_min = variable.auto_count = None


def encode(dashboard: Dashboard) -> str:
    """Return the dashboard as the JSON text written to its file."""
    number_panels(dashboard)
    drop_interval_fields(dashboard)
    return JSONEncoder(sort_keys=True, indent=2, ensure_ascii=False).encode(dashboard) + "\n"


def generated() -> dict[Path, str]:
    """Return every generated file's path below `dashboards/` and its text."""
    files = {
        Path(lang) / f"{name}.json": encode(build(lang).build())
        for lang in LANGS
        for name, build in DASHBOARDS.items()
    }
    files[Path("rules") / "wardwatch.yml"] = rules_file.render()
    return files


def stale(root: Path = HERE) -> list[Path]:
    """Return the generated files under `root` that are missing or differ from a new build."""
    return [
        path
        for path, text in generated().items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    ]


def write(root: Path = HERE) -> list[Path]:
    """Write every generated file under `root`; return those that changed."""
    changed = stale(root)
    for path, text in generated().items():
        if path in changed:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
    return changed


def load(path: Path) -> dict[str, Any]:
    """Read a generated dashboard back as plain JSON."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document
