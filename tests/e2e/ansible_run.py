"""Run the repository's playbooks for real: ansible-playbook from the venv, over SSH to a
test's loopback sshd, with the dynamic inventory reading a test's inventory file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from deployment import command
from sshd import Sshd

REPO = Path(__file__).resolve().parents[2]
ANSIBLE = REPO / "ansible"


def build_wheelhouse(what: str, out: Path) -> Path:
    """Build a wheelhouse with scripts/wheelhouse for this Python (the lock's hashes)."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    env = {**os.environ, "OUT": str(out), "PYTHON_VERSIONS": version, "PYTHON": sys.executable}
    subprocess.run(
        [str(REPO / "scripts" / "wheelhouse"), what, "linux"],
        check=True, env=env, capture_output=True, timeout=600,
    )  # fmt: skip
    return out


def playbook(
    name: str,
    inventory: Path,
    sshd: Sshd,
    extra: dict[str, Any],
    log: Path,
    ansible_inventory: Path = ANSIBLE / "inventory" / "wardwatch.py",
) -> subprocess.CompletedProcess[str]:
    """Run ansible/NAME against the hosts of `ansible_inventory` (by default the dynamic one,
    reading wardwatch's `inventory`), all reached at the sshd's port."""
    known_hosts = sshd.directory / "client_known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{sshd.ports[0]} {sshd.host_key.known_host}\n")
    variables = {
        "ansible_port": sshd.ports[0],
        "ansible_user": sshd.user,
        "ansible_ssh_private_key_file": str(sshd.client.private),
        # the host key is checked, as in production: against the test's own known_hosts
        "ansible_ssh_common_args": f"-o UserKnownHostsFile={known_hosts} "
        "-o StrictHostKeyChecking=yes -o ControlMaster=no",
        **extra,
    }
    extra_file = log.with_suffix(".vars.json")
    extra_file.write_text(json.dumps(variables))
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(ANSIBLE / "ansible.cfg"),
        "WARDWATCH_INVENTORY": str(inventory),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ANSIBLE_LOCAL_TEMP": str(log.parent / "ansible-local"),
        "ANSIBLE_REMOTE_TEMP": str(log.parent / "ansible-remote"),
    }
    done = subprocess.run(
        [command("ansible-playbook"), "-i", str(ansible_inventory),
         str(ANSIBLE / name), "-e", f"@{extra_file}"],
        capture_output=True, text=True, env=env, timeout=600, cwd=ANSIBLE,
    )  # fmt: skip
    log.write_text(done.stdout + done.stderr)
    return done


def recap(output: str) -> dict[str, int]:
    """Return the PLAY RECAP counts (ok, changed, failed...) of the one host."""
    line = next(line for line in output.splitlines()[::-1] if "ok=" in line and ":" in line)
    return {k: int(v) for k, v in (word.split("=") for word in line.split(":", 1)[1].split())}
