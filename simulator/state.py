"""The agents' tokens and seqs kept in `--state DIR`, so a restart continues the same agents.

One JSON file, written atomically every interval and at a clean stop. After an unclean
stop (the file says the run was still going) every seq jumps ahead by SEQ_MARGIN: reports
sent after the last save must not be reused, or the collector would take the next ones
for duplicates and drop them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from simulator.errors import SimulatorError
from simulator.inventory_file import write_atomically

STATE_FILE = "agents.json"
SEQ_MARGIN = 1000


@dataclass
class AgentState:
    """What one simulated agent keeps: its token, last seq, current ward, reports sent."""

    token: str | None = None
    seq: int = 0
    ward: str = ""
    moved: bool = False
    sent: int = 0


def load(directory: Path, seed: int, machines: int) -> dict[int, AgentState]:
    """Return the kept agents by machine index ({} on a first run); refuse another city's."""
    path = directory / STATE_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kept = {int(k): AgentState(**v) for k, v in data["agents"].items()}
        city = (int(data["seed"]), int(data["machines"]))
        clean = bool(data["clean"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise SimulatorError(
            f"không đọc được {path} ({err}): xoá thư mục --state để bắt đầu lại",
            f"cannot read {path} ({err}): delete the --state directory to start afresh",
        ) from err
    if city != (seed, machines):
        raise SimulatorError(
            f"{path} thuộc thành phố khác (--seed {city[0]} --machines {city[1]}): dùng đúng "
            "các tuỳ chọn đó, hoặc một thư mục --state khác",
            f"{path} belongs to another city (--seed {city[0]} --machines {city[1]}): give "
            "those options, or another --state directory",
        )
    if not clean:
        for state in kept.values():
            state.seq += SEQ_MARGIN
    return kept


def save(
    directory: Path, seed: int, machines: int, agents: dict[int, AgentState], *, clean: bool
) -> None:
    """Write every agent's state; `clean` marks a run that stopped on purpose."""
    data: dict[str, Any] = {
        "seed": seed,
        "machines": machines,
        "clean": clean,
        "agents": {str(i): asdict(s) for i, s in agents.items()},
    }
    write_atomically(directory / STATE_FILE, json.dumps(data, separators=(",", ":")))
