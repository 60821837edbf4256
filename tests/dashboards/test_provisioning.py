"""Grafana's file provisioning: the datasource and the two language folders of dashboards.

Grafana's server is not installable here, so the files are checked against what Grafana's
provisioning reads (apiVersion 1, a file provider per folder) and against the push.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from panel_queries import GENERATED

from dashboards.push import FOLDERS

PROVISIONING = GENERATED / "provisioning"


def load(path: Path) -> Any:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["apiVersion"] == 1, path
    return document


def test_the_datasource_is_the_default_prometheus() -> None:
    [source] = load(PROVISIONING / "datasources" / "wardwatch.yml")["datasources"]

    assert (source["type"], source["access"], source["isDefault"]) == ("prometheus", "proxy", True)
    assert source["url"].startswith("http") and source["uid"] == "wardwatch-prometheus"


def test_each_language_is_a_file_provider_into_the_folder_the_push_uses() -> None:
    providers = load(PROVISIONING / "dashboards" / "wardwatch.yml")["providers"]

    assert {(p["folderUid"], p["folder"]) for p in providers} == set(FOLDERS.values())
    for provider in providers:
        lang = "en" if provider["folderUid"].endswith("-en") else "vi"
        assert provider["type"] == "file" and provider["allowUiUpdates"] is False
        assert Path(provider["options"]["path"]).name == lang
        assert list((GENERATED / lang).glob("*.json")), lang
