"""The network collector: sysfs interfaces, the default route and the fake machines."""

from __future__ import annotations

import socket
from typing import NamedTuple

import pytest

from agent.collectors import netif_linux, network

ROUTE = """\
Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlp1s0\t00000000\t0100000A\t0003\t0\t0\t600\t00000000\t0\t0\t0
enp2s0\t00000000\t010AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
enp2s0\t000AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
"""


class Addr(NamedTuple):
    """The shape of psutil's snicaddr."""

    family: int
    address: str
    netmask: str | None = None
    broadcast: str | None = None
    ptp: str | None = None


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


def test_addresses_keep_ip_only_without_zone() -> None:
    table = {
        "eth0": [
            Addr(socket.AF_INET, "192.168.10.23", "255.255.255.0"),
            Addr(socket.AF_INET6, "fe80::1%eth0"),
            Addr(getattr(socket, "AF_PACKET", 17), "50:9a:4c:12:34:56"),
        ]
    }
    assert network.addresses_by_interface(table) == {"eth0": ["192.168.10.23", "fe80::1"]}


def test_desktop(tree, validate_section) -> None:
    table = {"enp2s0": [Addr(socket.AF_INET, "192.168.10.23")]}
    value = network.read_network(tree("desktop"), lambda: table)
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
        "addresses": ["192.168.10.23"],
    }
    assert (by_name["docker0"]["virtual"], by_name["docker0"]["up"]) == (True, False)
    assert (value["default_gateway"], value["default_interface"]) == ("192.168.10.1", "enp2s0")


def test_laptop_wifi_has_no_speed(tree, validate_section) -> None:
    value = network.read_network(tree("laptop"), dict)
    validate_section("hardware.network", value)
    wifi = next(i for i in value["interfaces"] if i["name"] == "wlp1s0")
    assert (wifi["up"], wifi["speed_bits_per_second"], wifi["duplex"]) == (True, None, "unknown")
    assert value["default_gateway"] == "10.0.0.1"


def test_vm_nic_is_not_virtual_but_has_unknown_speed(tree, validate_section) -> None:
    value = network.read_network(tree("vm"), dict)
    validate_section("hardware.network", value)
    (ens3,) = value["interfaces"]
    assert (ens3["virtual"], ens3["speed_bits_per_second"]) == (False, None)


def test_this_machine(this_machine) -> None:
    value = this_machine(network.collect, "hardware.network")
    assert value is None or all(i["name"] != "lo" for i in value["interfaces"])
