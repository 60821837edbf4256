"""The os collector: os-release parsing, boot time and the fake machines."""

from __future__ import annotations

import pytest

from agent.collectors import os as os_collector
from agent.collectors import procstat_linux
from agent.collectors.kernelfiles_linux import LOCAL
from agent.collectors.registry import Context
from agent.paths import PathsConfig

OS_RELEASE = """\
# written by the distribution
PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME='Ubuntu'
VERSION_ID="22.04"
ID=ubuntu
ID_LIKE="ubuntu debian"
VARIANT="Say \\"hi\\""
BROKEN="unbalanced
"""


def test_parse_os_release_unquotes_values() -> None:
    fields = os_collector.parse_os_release(OS_RELEASE)
    assert fields["PRETTY_NAME"] == "Ubuntu 22.04.4 LTS"
    assert fields["NAME"] == "Ubuntu"
    assert fields["ID_LIKE"] == "ubuntu debian"
    assert fields["VARIANT"] == 'Say "hi"'
    assert fields["BROKEN"] == "unbalanced"
    assert "# written by the distribution" not in fields


def test_boot_time_from_proc_stat() -> None:
    stat = procstat_linux.parse_stat("cpu  1 2 3 4\n\nbtime 1751328000\n")
    assert os_collector.boot_timestamp(stat.boot_time_seconds) == "2025-07-01T00:00:00.000Z"
    assert os_collector.boot_timestamp(None) is None


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("desktop", ("ubuntu", ["debian"], "Ubuntu 22.04.4 LTS", "22.04", "5.15.0-113-generic")),
        ("laptop", ("ubuntu", ["debian"], "Ubuntu 24.04.1 LTS", "24.04", "6.8.0-48-generic")),
        ("vm", ("debian", [], "Debian GNU/Linux 12 (bookworm)", "12", "6.1.0-26-amd64")),
    ],
)
def test_fake_machines(tree, validate_section, scenario, expected) -> None:
    value = os_collector.collect(Context(tree(scenario), "linux"))
    validate_section("os", value)
    assert (
        value["id"],
        value["id_like"],
        value["name"],
        value["version"],
        value["kernel"],
    ) == expected
    assert (value["family"], value["build"], value["edition"]) == ("linux", None, None)


def test_desktop_boot_time(tree) -> None:
    assert os_collector.read_os(LOCAL, tree("desktop"))["boot_time"] == "2025-07-01T00:00:00.000Z"


def test_usr_lib_os_release_is_the_fallback(tmp_path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "usr/lib").mkdir(parents=True)
    (tmp_path / "usr/lib/os-release").write_text('ID=fedora\nVERSION_ID=40\nNAME="Fedora Linux"\n')
    paths = PathsConfig(procfs=str(tmp_path / "proc"), etc=str(tmp_path / "etc"))
    value = os_collector.read_os(LOCAL, paths)
    assert (value["id"], value["version"], value["name"]) == ("fedora", "40", "Fedora Linux")
    assert value["boot_time"] is None


def test_this_machine(this_machine) -> None:
    value = this_machine(os_collector.collect, "os")
    assert value is None or value["kernel"]
