"""Write the simulated city as an inventory file the collector loads (`inventory_file`).

The format of inventory/data/hcmc-example.yml (docs/inventory.md): every unit with its
former units, then every machine the inventory expects, carried PCs with their
`former_unit`. A cloned image and the machines that never report are expected too: a
ward owns them, whether or not their agents get through.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from simulator.city import City, Machine

HEADER = """\
# wardwatch inventory of the simulated city (wardwatch-simulate --seed {seed} --machines {n}).
# Kiểm kê của thành phố mô phỏng: {units} đơn vị, {n} máy dự kiến. docs/inventory.md.
"""


def inventory_document(city: City, extra: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    """Return the inventory as the YAML document's data; `extra` machines are appended."""
    wards = [
        {
            "code": u.ward.code,
            "name": u.ward.name,
            "kind": u.ward.kind,
            "former_units": list(u.ward.former_units),
        }
        for u in city.units
    ]
    return {"wards": wards, "machines": [*map(_machine, city.machines), *extra]}


def _machine(m: Machine) -> dict[str, Any]:
    row: dict[str, Any] = {"ward": m.ward, "hostname": m.hostname}
    if m.asset_tag:
        row["asset_tag"] = m.asset_tag
    row["role"] = m.role
    if m.former_unit:
        row["former_unit"] = m.former_unit
    return row


def render(city: City, extra: tuple[dict[str, Any], ...] = ()) -> str:
    """Return the inventory file's text: a header, the wards, one machine per line."""
    document = inventory_document(city, extra)
    lines = [HEADER.format(seed=city.seed, n=len(document["machines"]), units=len(city.units))]
    lines.append(yaml.safe_dump({"wards": document["wards"]}, allow_unicode=True, sort_keys=False))
    lines.append("machines:\n")
    for row in document["machines"]:
        flow = yaml.safe_dump(
            row, allow_unicode=True, sort_keys=False, default_flow_style=True, width=1 << 16
        )
        lines.append(f"  - {flow.strip()}\n")
    return "".join(lines)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
