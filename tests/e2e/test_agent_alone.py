"""The agent as a ward PC installs it: its own distribution, or the base install without extras.

Each is built as a wheel, installed into a new virtualenv from the agent's lock alone (no
collector dependency is present), and runs `show --standard` without importing any
collector or inventory module.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOW = """
import sys
from pathlib import Path
import standard
from agent.cli import main
policy = Path(standard.__file__).with_name("default.yml")
code = main(["show", "--lang", "en", "--standard", str(policy)])
server = sorted(m for m in sys.modules if m.split(".")[0] in ("collector", "inventory", "fastapi"))
print("server modules:", server)
sys.exit(code)
"""

pytestmark = pytest.mark.slow


def build_wheel(source: Path, out: Path) -> Path:
    """Build the wheel of the project at `source` with this venv's (locked) setuptools."""
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, "-w", str(out), str(source)], check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    return wheel


def install_alone(wheel: Path, where: Path) -> Path:
    """Make a virtualenv with `wheel` and the agent's locked dependencies; return its python."""
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    lock = REPO / "requirements" / "agent.txt"
    subprocess.run([*pip, "--require-hashes", "-r", str(lock)], check=True, capture_output=True)
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, capture_output=True)
    return python


@pytest.mark.parametrize("source", ["packaging/agent", "."], ids=["wardwatch-agent", "base"])
def test_the_agent_alone_shows_this_machine_against_the_standard(
    source: str, tmp_path: Path
) -> None:
    wheel = build_wheel(REPO / source, tmp_path / "wheel")
    python = install_alone(wheel, tmp_path / "venv")

    done = subprocess.run([str(python), "-c", SHOW], capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    assert "server modules: []" in done.stdout
    assert "standard" in done.stdout.lower(), done.stdout


def test_the_ward_pc_distribution_holds_no_server_code(tmp_path: Path) -> None:
    wheel = build_wheel(REPO / "packaging" / "agent", tmp_path)

    packages = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}

    assert packages - {"wardwatch_agent-0.1.0.dist-info"} == {
        "agent", "configfile", "contract", "standard",
    }  # fmt: skip
