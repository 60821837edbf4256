"""The machines to read over SSH, each with its login filled in from the collector's defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collector.config import AgentlessConfig
from inventory.model import ExpectedMachine, Inventory


@dataclass(frozen=True)
class Host:
    """One agentless machine: where it is in the inventory and how to log in to it."""

    ward: str
    hostname: str  # the inventory's hostname, else its asset tag: the name in metrics
    role: str
    asset_tag: str | None
    address: str
    port: int
    user: str
    key_file: str | None
    known_host: str | None  # "TYPE BASE64" from the inventory
    trust_on_first_use: bool

    @property
    def key_name(self) -> str:
        """Return the name known_hosts files give this host: HOST, or [HOST]:PORT."""
        return self.address if self.port == 22 else f"[{self.address}]:{self.port}"

    @property
    def label(self) -> str:
        """Name the host for people: ward/hostname."""
        return f"{self.ward}/{self.hostname}"


def agentless_hosts(
    inventory: Inventory, config: AgentlessConfig, data_directory: str, unit: str | None = None
) -> list[Host]:
    """List the inventory's `agentless: ssh` machines (of `unit` only, if given)."""
    return [
        _host(m, config, Path(data_directory))
        for m in inventory.machines
        if m.agentless == "ssh" and (unit is None or m.ward == unit)
    ]


def _host(machine: ExpectedMachine, config: AgentlessConfig, data: Path) -> Host:
    ssh = machine.ssh
    key_file = (ssh.key_file if ssh else None) or config.key_file
    return Host(
        ward=machine.ward,
        hostname=machine.hostname or machine.asset_tag or machine.target,
        role=machine.role,
        asset_tag=machine.asset_tag,
        address=machine.target,
        port=ssh.port if ssh else 22,
        user=(ssh.user if ssh else None) or config.user,
        key_file=str(data / key_file) if key_file else None,  # absolute stays absolute
        known_host=ssh.known_host if ssh else None,
        trust_on_first_use=ssh.trust_on_first_use if ssh else False,
    )
