"""An inventory uploaded through the admin API outlives a restart of the collector."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from collector.config import CollectorConfig, StorageConfig
from collector.runtime import Runtime
from configfile.errors import ConfigError

UPLOAD = """\
wards:
  - {code: phuong-tan-dinh, name: Tân Định, kind: phuong, expected_machines: 7}
"""


def test_uploaded_inventory_is_used_after_a_restart(tmp_path: Path) -> None:
    config = dataclasses.replace(
        CollectorConfig(), storage=StorageConfig(data_directory=str(tmp_path))
    )
    first = Runtime.start(config)
    try:
        first.replace_inventory(UPLOAD, "yaml")
        with pytest.raises(ConfigError):  # a bad upload changes nothing
            first.replace_inventory("wards: [{code: X}]\n", "yaml")
    finally:
        first.stop()

    second = Runtime.start(config)
    try:
        assert second.fleet.inventory.expected_count("phuong-tan-dinh") == 7
    finally:
        second.stop()
