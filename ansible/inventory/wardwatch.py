#!/usr/bin/env python3
"""Ansible dynamic inventory of the ward machines, built from wardwatch's own inventory.

There is no second list of machines: this reads the files `inventory/` loads (the
collector's `inventory_file`), named by WARDWATCH_INVENTORY (several joined with ":"),
else inventory/data/hcmc-example.yml. Run it with the Python that has wardwatch's
dependencies (the venv where ansible-core is installed).

  ansible/inventory/wardwatch.py --list
  ansible/inventory/wardwatch.py --host TD-PC01

Groups: one per unit (its code with "_" for "-": phuong_tan_dinh), all under
`wardwatch_units`; `wardwatch_agents` (machines that get the agent) and
`wardwatch_agentless` (read over SSH by the collector); `os_linux`, `os_windows`;
`role_workstation`, `role_server`, `role_video_conference`. Each host's vars: the unit
code, role, asset tag, agentless flag and OS family, and `ansible_host` (its address, else
its hostname). A hostname seen in two units is named HOSTNAME.UNIT in both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from inventory.errors import InventoryError  # noqa: E402  (after the repository is on the path)
from inventory.load import HCMC_EXAMPLE, load  # noqa: E402
from inventory.model import ExpectedMachine, Inventory  # noqa: E402

ROLES = ("workstation", "server", "video_conference")


def group_of(unit: str) -> str:
    """Name a unit's group: Ansible group names take no "-"."""
    return unit.replace("-", "_")


def host_names(inventory: Inventory) -> list[str]:
    """Name every machine: its hostname (or asset tag), HOSTNAME.UNIT where it repeats."""
    plain = [m.hostname or m.asset_tag or "" for m in inventory.machines]
    seen = Counter(name.casefold() for name in plain)
    return [
        f"{name}.{m.ward}" if seen[name.casefold()] > 1 else name
        for name, m in zip(plain, inventory.machines, strict=True)
    ]


def host_vars(machine: ExpectedMachine) -> dict[str, Any]:
    """Return what the roles read about one machine."""
    return {
        "ansible_host": machine.target,
        "wardwatch_unit": machine.ward,
        "wardwatch_role": machine.role,
        "wardwatch_asset_tag": machine.asset_tag,
        "wardwatch_agentless": machine.agentless == "ssh",
        "wardwatch_os_family": machine.os_family,
    }


def build(inventory: Inventory) -> dict[str, Any]:
    """Return the --list answer: every group, and every host's vars under _meta."""
    names = host_names(inventory)
    groups: dict[str, Any] = {
        group_of(code): {"hosts": [], "vars": {"wardwatch_unit": code,
                                               "wardwatch_unit_name": ward.name}}
        for code, ward in inventory.wards.items()
    }  # fmt: skip
    extra = {g: [] for g in ("wardwatch_agents", "wardwatch_agentless", "os_linux", "os_windows",
                             *(f"role_{r}" for r in ROLES))}  # fmt: skip
    hostvars = {}
    for name, machine in zip(names, inventory.machines, strict=True):
        hostvars[name] = host_vars(machine)
        groups[group_of(machine.ward)]["hosts"].append(name)
        extra["wardwatch_agentless" if machine.agentless else "wardwatch_agents"].append(name)
        if machine.os_family:
            extra[f"os_{machine.os_family}"].append(name)
        extra[f"role_{machine.role}"].append(name)
    groups["wardwatch_units"] = {"children": sorted(group_of(c) for c in inventory.wards)}
    groups.update({name: {"hosts": hosts} for name, hosts in extra.items()})
    groups["_meta"] = {"hostvars": hostvars}
    return groups


def sources() -> list[Path]:
    """Return the inventory files to read: WARDWATCH_INVENTORY, else the shipped example."""
    named = os.environ.get("WARDWATCH_INVENTORY", "")
    return [Path(p) for p in named.split(os.pathsep) if p] or [HCMC_EXAMPLE]


def main(argv: list[str] | None = None) -> int:
    """Answer Ansible's --list or --host; an invalid inventory names file, line and key."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--host")
    args = parser.parse_args(argv)
    try:
        answer = build(load(*sources()))
    except InventoryError as err:
        print(f"wardwatch inventory: {err}", file=sys.stderr)
        return 2
    if args.host is not None:
        answer = answer["_meta"]["hostvars"].get(args.host, {})
    json.dump(answer, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
