"""network on Windows: psutil's adapters joined with Get-NetAdapter and the default route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.collectors import network_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def collect(scenario: Any) -> dict[str, Any]:
    return network_windows.collect(WIN, query=scenario.query, read=scenario.reader("interfaces"))


def by_name(network: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in network["interfaces"]}


def test_desktop_wired_link(recorded: Callable[[str], Any]) -> None:
    network = collect(recorded("win10-pro-desktop"))
    assert by_name(network)["Ethernet"] == {
        "name": "Ethernet",
        "mac": "1c:1b:0d:7a:3e:52",
        "up": True,
        "speed_bits_per_second": 1_000_000_000,
        "duplex": "full",
        "mtu": 1500,
        "addresses": ["10.20.30.45", "fe80::7d21:c3a9:1e5b:4f60"],
        "virtual": False,
    }
    assert (network["default_gateway"], network["default_interface"]) == ("10.20.30.1", "Ethernet")


def test_loopback_is_left_out_as_on_linux(recorded: Callable[[str], Any]) -> None:
    assert list(by_name(collect(recorded("win10-pro-desktop")))) == ["Ethernet"]


def test_adapter_unknown_to_get_netadapter_is_virtual() -> None:
    sample = {
        "stats": {"Teredo": {"isup": True, "speed": 0, "mtu": 1280}},
        "addrs": {"Teredo": [{"family": "ipv6", "address": "2001:0:2851:782c::1"}]},
    }
    [teredo] = network_windows.parse_network(sample, [], [])["interfaces"]
    assert (teredo["virtual"], teredo["mac"]) == (True, None)


def test_laptop_adapters(recorded: Callable[[str], Any]) -> None:
    network = collect(recorded("win11-laptop-vi"))
    interfaces = by_name(network)
    assert interfaces["Wi-Fi"]["speed_bits_per_second"] == 1_201_000_000
    assert interfaces["vEthernet (WSL)"]["virtual"] is True
    assert interfaces["Kết nối Mạng Bluetooth"]["virtual"] is False
    down = interfaces["Ethernet"]
    assert (down["up"], down["speed_bits_per_second"], down["duplex"]) == (False, None, "unknown")
    assert (network["default_gateway"], network["default_interface"]) == ("192.168.1.1", "Wi-Fi")


def test_ten_gigabit_comes_from_get_netadapter_not_psutil(recorded: Callable[[str], Any]) -> None:
    ethernet = by_name(collect(recorded("server2019-hyperv")))["Ethernet"]
    assert ethernet["speed_bits_per_second"] == 10_000_000_000  # psutil said 4294 Mb/s


def test_lowest_metric_default_route_wins(recorded: Callable[[str], Any]) -> None:
    assert collect(recorded("server2019-hyperv"))["default_gateway"] == "10.10.0.1"


def test_no_default_route() -> None:
    assert network_windows.parse_default_route([]) == (None, None)


def test_on_link_default_route_has_no_gateway() -> None:
    route = [{"NextHop": "0.0.0.0", "InterfaceAlias": "VPN", "RouteMetric": 1}]
    assert network_windows.parse_default_route(route) == (None, "VPN")


def test_mac_forms() -> None:
    assert network_windows.mac("AA-BB-CC-DD-EE-0F") == "aa:bb:cc:dd:ee:0f"
    assert network_windows.mac("AABBCCDDEE0F") == "aa:bb:cc:dd:ee:0f"
    assert network_windows.mac("00-00-00-00-00-00-00-E0") is None  # a tunnel's 8-byte address
    assert network_windows.mac("") is None


def test_unknown_ndis_speed_falls_back_to_psutil() -> None:
    stat = {"isup": True, "speed": 100}
    assert network_windows.link_speed(stat, {"Speed": 2**64 - 1}) == 100_000_000


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("hardware.network", collect(scenario))


def test_live_psutil_read_fits_the_schema(validate_section: Callable[[str, Any], None]) -> None:
    network = network_windows.parse_network(network_windows.read_interfaces(), [], [])
    validate_section("hardware.network", network)
