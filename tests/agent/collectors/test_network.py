"""The network collector: sysfs interfaces, the default route and the fake machines."""

from __future__ import annotations

import socket
import struct

import pytest

from agent.collectors import addresses_linux, netif_linux, network
from agent.collectors.kernelfiles_linux import LOCAL, LocalSource

ROUTE = """\
Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlp1s0\t00000000\t0100000A\t0003\t0\t0\t600\t00000000\t0\t0\t0
enp2s0\t00000000\t010AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
enp2s0\t000AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
"""


class Answering(LocalSource):
    """The fake tree's files, with a recorded SIOCGIFCONF answer for the IPv4 addresses."""

    def __init__(self, ifconf: bytes) -> None:
        self.ifconf = ifconf

    def ipv4_addresses(self) -> dict[str, list[str]]:
        """Parse the recorded answer as the kernel's would be."""
        return addresses_linux.parse_ifconf(self.ifconf)


def ifreq(label: str, address: str) -> bytes:
    """One struct ifreq as SIOCGIFCONF returns it: name, then a sockaddr_in, padded."""
    sockaddr = struct.pack("=HH4s8x", socket.AF_INET, 0, socket.inet_aton(address))
    return label.encode().ljust(16, b"\0") + sockaddr.ljust(addresses_linux.IFREQ_BYTES - 16, b"\0")


def test_lowest_metric_default_route_wins() -> None:
    assert netif_linux.parse_route(ROUTE, "little") == netif_linux.Route("192.168.10.1", "enp2s0")


def test_route_on_a_big_endian_host() -> None:
    text = ROUTE.splitlines()[0] + "\neth0\t00000000\tC0A80A01\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
    assert netif_linux.parse_route(text, "big") == netif_linux.Route("192.168.10.1", "eth0")


def test_no_default_route() -> None:
    assert netif_linux.parse_route("\n".join(ROUTE.splitlines()[::3]), "little") is None
    assert netif_linux.parse_route("", "little") is None


@pytest.mark.parametrize(
    ("operstate", "flags", "up"),
    [
        ("up", 0x1003, True),
        ("down", 0x1003, False),
        ("unknown", 0x1091, True),
        ("unknown", 0x1090, False),
    ],
)
def test_link_up(operstate, flags, up) -> None:
    assert netif_linux.link_up(operstate, flags) is up


@pytest.mark.parametrize(("mbps", "bits"), [(1000, 10**9), (100, 10**8), (-1, None), (None, None)])
def test_speed_is_bits_per_second(mbps, bits) -> None:
    assert netif_linux.speed_bits(mbps) == bits


def test_ipv4_aliases_count_for_their_interface() -> None:
    data = ifreq("lo", "127.0.0.1") + ifreq("eth0", "192.168.10.23") + ifreq("eth0:1", "10.1.2.3")
    assert addresses_linux.parse_ifconf(data) == {
        "lo": ["127.0.0.1"],
        "eth0": ["192.168.10.23", "10.1.2.3"],
    }


def test_ipv6_addresses_are_written_short_and_without_zone() -> None:
    text = "fe80000000000000529a4cfffe123456 02 40 20 80   enp2s0\nnot a line\n"
    assert addresses_linux.parse_if_inet6(text) == [("enp2s0", "fe80::529a:4cff:fe12:3456")]


def test_this_machines_loopback_has_its_address() -> None:
    assert "127.0.0.1" in addresses_linux.read_addresses(LOCAL, "/proc").get("lo", [])


def test_desktop(tree, validate_section) -> None:
    value = network.read_network(Answering(ifreq("enp2s0", "192.168.10.23")), tree("desktop"))
    validate_section("hardware.network", value)
    by_name = {i["name"]: i for i in value["interfaces"]}
    assert set(by_name) == {"enp2s0", "docker0"}  # no loopback
    assert by_name["enp2s0"] == {
        "name": "enp2s0",
        "mac": "50:9a:4c:12:34:56",
        "up": True,
        "speed_bits_per_second": 1_000_000_000,
        "duplex": "full",
        "mtu": 1500,
        "virtual": False,
        "addresses": ["192.168.10.23", "fe80::529a:4cff:fe12:3456"],
    }
    assert (by_name["docker0"]["virtual"], by_name["docker0"]["up"]) == (True, False)
    assert (value["default_gateway"], value["default_interface"]) == ("192.168.10.1", "enp2s0")


def test_laptop_wifi_has_no_speed(tree, validate_section) -> None:
    value = network.read_network(Answering(b""), tree("laptop"))
    validate_section("hardware.network", value)
    wifi = next(i for i in value["interfaces"] if i["name"] == "wlp1s0")
    assert (wifi["up"], wifi["speed_bits_per_second"], wifi["duplex"]) == (True, None, "unknown")
    assert value["default_gateway"] == "10.0.0.1"


def test_vm_nic_is_not_virtual_but_has_unknown_speed(tree, validate_section) -> None:
    value = network.read_network(Answering(b""), tree("vm"))
    validate_section("hardware.network", value)
    (ens3,) = value["interfaces"]
    assert (ens3["virtual"], ens3["speed_bits_per_second"]) == (False, None)


def test_this_machine(this_machine) -> None:
    value = this_machine(network.collect, "hardware.network")
    assert value is None or all(i["name"] != "lo" for i in value["interfaces"])
