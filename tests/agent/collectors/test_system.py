"""The system collector: DMI facts, dates, chassis words, VM detection, the fake machines."""

from __future__ import annotations

import pytest

from agent.collectors import system
from agent.collectors.kernelfiles_linux import LOCAL
from agent.collectors.registry import Context
from agent.errors import NotApplicable
from agent.paths import PathsConfig


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("06/28/2018", "2018-06-28"),
        ("1/2/2009", "2009-01-02"),
        ("13/01/2020", None),
        ("2020-01-01", None),
        (None, None),
    ],
)
def test_bios_date_becomes_iso(raw, iso) -> None:
    assert system.iso_date(raw) == iso


@pytest.mark.parametrize(
    ("number", "word"),
    [
        ("3", "desktop"),
        ("10", "notebook"),
        ("13", "all-in-one"),
        ("137", "laptop"),
        ("2", None),
        ("x", None),
    ],
)
def test_chassis_word(number, word) -> None:
    assert system.chassis_word(number) == word  # 137 = 9 with the lock bit


def test_hyper_v_guest_is_virtual_but_a_surface_is_not() -> None:
    hyper_v = {"sys_vendor": "Microsoft Corporation", "product_name": "Virtual Machine"}
    surface = {"sys_vendor": "Microsoft Corporation", "product_name": "Surface Laptop 4"}
    no_evidence = {"hypervisor": None, "cpu_flags": frozenset({"sse2"})}
    assert system.system_from(hyper_v, **no_evidence)["virtual"] is True
    assert system.system_from(surface, **no_evidence)["virtual"] is False


def test_cpu_hypervisor_flag_alone_means_virtual() -> None:
    value = system.system_from(
        {"sys_vendor": "Dell Inc."}, hypervisor=None, cpu_flags=frozenset({"hypervisor"})
    )
    assert value["virtual"] is True


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("desktop", ("Dell Inc.", "OptiPlex 7010", "9ABCDE2", "2018-06-28", "desktop", False)),
        ("laptop", ("LENOVO", "20XY0035VN", None, "2023-03-15", "notebook", False)),
        ("vm", ("QEMU", "Standard PC (Q35 + ICH9, 2009)", None, "2014-04-01", "other", True)),
    ],
)
def test_fake_machines(tree, validate_section, scenario, expected) -> None:
    value = system.collect(Context(tree(scenario), "linux"))
    validate_section("hardware.system", value)
    keys = ("manufacturer", "model", "serial", "bios_date", "chassis", "virtual")
    assert tuple(value[k] for k in keys) == expected


def _dmi_tree(tmp_path, **attributes):
    dmi = tmp_path / "sys/class/dmi/id"
    dmi.mkdir(parents=True)
    for name, text in attributes.items():
        (dmi / name).write_text(text + "\n")
    return PathsConfig(procfs=str(tmp_path / "proc"), sysfs=str(tmp_path / "sys"))


def test_placeholder_serial_is_null(tmp_path) -> None:
    paths = _dmi_tree(
        tmp_path, sys_vendor="To Be Filled By O.E.M.", product_serial="Default string"
    )
    value = system.read_system(LOCAL, paths)
    assert (value["manufacturer"], value["serial"]) == (None, None)


def test_unreadable_serial_is_null(tmp_path) -> None:
    paths = _dmi_tree(tmp_path, sys_vendor="HP")
    (tmp_path / "sys/class/dmi/id/product_serial").mkdir()  # reading it fails, even as root
    value = system.read_system(LOCAL, paths)
    assert (value["manufacturer"], value["serial"]) == ("HP", None)


def test_no_dmi_is_not_applicable(tmp_path) -> None:
    with pytest.raises(NotApplicable, match="DMI"):
        system.collect(Context(PathsConfig(sysfs=str(tmp_path)), "linux"))


def test_this_machine(this_machine) -> None:
    this_machine(system.collect, "hardware.system")  # None in containers: no DMI table
