"""The fixed commands of agentless collection and the parsers of their outputs."""

from __future__ import annotations

import pytest

from agent.collectors.source_linux import Usage
from collector.agentless import commands

# `ip -o -4 address show` on a Debian 12 host with a VLAN and an alias
IP_OUTPUT = """\
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: enp2s0    inet 192.168.10.23/24 brd 192.168.10.255 scope global enp2s0\\       valid_lft forever
2: enp2s0    inet 192.168.10.24/24 brd 192.168.10.255 scope global secondary enp2s0:1\\
5: vlan20@enp2s0    inet 10.20.0.5/16 brd 10.20.255.255 scope global vlan20\\
"""


def test_every_command_is_a_fixed_read_only_template() -> None:
    assert commands.command("read", "/proc/meminfo") == "cat -- /proc/meminfo"
    assert commands.command("list", "/sys/class/net") == "ls -1A -- /sys/class/net/"
    assert commands.command("usage", "/srv/data") == "stat -f -c '%b %f %a %S' -- /srv/data"
    assert commands.command("read", "/etc/it's") == "cat -- '/etc/it'\"'\"'s'"
    assert commands.command("uname") == "uname -r -m"


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("read", "/home/user/.ssh/id_ed25519"),
        ("read", "/proc/../root/secret"),
        ("read", "proc/meminfo"),
        ("list", "/var/lib"),
        ("usage", "relative"),
        ("uname", "/proc"),
    ],
)
def test_a_path_outside_the_roots_is_never_run(kind: str, path: str) -> None:
    assert not commands.allowed(kind, path)
    with pytest.raises(ValueError, match="not a path this command may be given"):
        commands.command(kind, path)


def test_ip_addresses_are_listed_by_interface_and_alias_under_its_base() -> None:
    assert commands.parse_ipv4(IP_OUTPUT) == {
        "lo": ["127.0.0.1"],
        "enp2s0": ["192.168.10.23", "192.168.10.24"],
        "vlan20": ["10.20.0.5"],
    }


def test_stat_f_gives_the_sizes_statvfs_would() -> None:
    # 4 KiB blocks: 1000 in all, 400 free, 350 of them for unprivileged users
    assert commands.parse_usage("1000 400 350 4096\n") == Usage(
        total_bytes=4_096_000, free_bytes=1_433_600, used_bytes=2_457_600
    )


@pytest.mark.parametrize("text", ["", "1 2 3", "a b c d", "1 2 3 -4"])
def test_stat_output_that_is_not_four_counts_is_no_usage(text: str) -> None:
    assert commands.parse_usage(text) is None


def test_uname_gives_release_and_machine() -> None:
    assert commands.parse_uname("6.1.0-37-amd64 x86_64\n") == ("6.1.0-37-amd64", "x86_64")
    assert commands.parse_uname("") == (None, None)
