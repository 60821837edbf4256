"""Record a Windows scenario: every PowerShell pipeline the agent runs, and its in-process reads.

Run it on the Windows machine, from the repository root, in the agent's virtualenv, in a
PowerShell started "as administrator" (the agent's service runs as LocalSystem):

    python tests\\testdata\\windows\\record.py tests\\testdata\\windows\\NEW-SCENARIO

Each pipeline's stdout goes to NAME.json byte for byte; a failing one leaves its stderr
in NAME.error instead. psutil, registry and kernel32 reads go to inprocess.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from agent.collectors import (
    cim,
    cpu_windows,
    disks_windows,
    health_windows,
    identity_windows,
    media_windows,
    memory_windows,
    network_windows,
    os_windows,
    security_windows,
    system_windows,
)

QUERY_MODULES = (
    cpu_windows,
    disks_windows,
    network_windows,
    system_windows,
    security_windows,
    media_windows,
    identity_windows,
)


def pipelines() -> dict[str, str]:
    """Return every pipeline the Windows collectors run, by recorded file name."""
    return {name: p for module in QUERY_MODULES for name, p in module.QUERIES.items()}


def record_queries(out: Path) -> None:
    """Run each pipeline; keep its stdout as NAME.json, or its stderr as NAME.error."""
    for name, pipeline in pipelines().items():
        done = cim.run(pipeline, timeout_seconds=60)
        for stale in (out / f"{name}.json", out / f"{name}.error"):
            stale.unlink(missing_ok=True)
        if done.returncode == 0:
            (out / f"{name}.json").write_bytes(done.stdout)
        else:
            (out / f"{name}.error").write_bytes(done.stderr)


def in_process_reads() -> dict[str, Any]:
    """Read what the collectors read without PowerShell: registry, kernel32, psutil."""
    return {
        "machine_guid": identity_windows.read_machine_guid(),
        "firmware_type": security_windows.read_firmware_type(),
        "os": os_windows.read_os(),
        "memory": memory_windows.read_memory(),
        "filesystems": disks_windows.read_filesystems(),
        "interfaces": network_windows.read_interfaces(),
        "health": health_windows.read_health(),
    }


def main(argv: list[str]) -> int:
    """Record into the directory named by the only argument."""
    if len(argv) != 2 or sys.platform != "win32":
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    record_queries(out)
    text = json.dumps(in_process_reads(), ensure_ascii=False, indent=2, sort_keys=True)
    (out / "inprocess.json").write_text(text + "\n", encoding="utf-8")
    print(f"recorded into {out}; replace real serials and MACs before committing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
