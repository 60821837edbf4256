"""The cpu collector: /proc/cpuinfo parsing and the fake machines."""

from __future__ import annotations

import pytest

from agent.collectors import cpu
from agent.collectors.registry import Context
from agent.errors import NotApplicable
from agent.paths import PathsConfig

INTEL_HT = """\
processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz
physical id\t: 0
core id\t\t: 0

processor\t: 1
vendor_id\t: GenuineIntel
model name\t: Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz
physical id\t: 0
core id\t\t: 1

processor\t: 2
vendor_id\t: GenuineIntel
model name\t: Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz
physical id\t: 0
core id\t\t: 0

processor\t: 3
vendor_id\t: GenuineIntel
model name\t: Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz
physical id\t: 0
core id\t\t: 1
"""

RASPBERRY_PI_4 = """\
processor\t: 0
BogoMIPS\t: 108.00
CPU implementer\t: 0x41
CPU part\t: 0xd08

processor\t: 1
BogoMIPS\t: 108.00
CPU implementer\t: 0x41
CPU part\t: 0xd08

Hardware\t: BCM2835
Model\t\t: Raspberry Pi 4 Model B Rev 1.4
"""


def test_hyperthreads_count_as_logical_cores_only() -> None:
    parsed = cpu.parse_cpuinfo(INTEL_HT)
    assert (parsed.physical_cores, parsed.logical_cores) == (2, 4)
    assert parsed.vendor == "Intel"
    assert parsed.model == "Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz"
    assert parsed.max_frequency_hertz == 3_600_000_000


def test_arm_board_names_implementer_and_core() -> None:
    parsed = cpu.parse_cpuinfo(RASPBERRY_PI_4)
    assert (parsed.vendor, parsed.model) == ("ARM", "Cortex-A72")
    assert parsed.physical_cores is None  # no core ids: read_cpu counts the sysfs topology
    assert parsed.logical_cores == 2
    assert parsed.max_frequency_hertz is None


def test_empty_cpuinfo_is_all_unknown() -> None:
    assert cpu.parse_cpuinfo("") == cpu.Cpu(None, None, None, None, None)


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("desktop", ("Intel", 4, 4, 3_200_000_000)),  # from "@ 3.20GHz"
        ("laptop", ("AMD", 6, 12, 4_056_000_000)),  # from cpufreq, in kHz
        ("vm", ("Intel", 2, 2, None)),
    ],
)
def test_fake_machines(tree, validate_section, scenario, expected) -> None:
    value = cpu.collect(Context(tree(scenario), "linux"))
    validate_section("hardware.cpu", value)
    got = (
        value["vendor"],
        value["physical_cores"],
        value["logical_cores"],
        value["max_frequency_hertz"],
    )
    assert got == expected


def test_other_platforms_are_not_applicable() -> None:
    with pytest.raises(NotApplicable):
        cpu.collect(Context(PathsConfig(), "darwin"))


def test_this_machine(this_machine) -> None:
    value = this_machine(cpu.collect, "hardware.cpu")
    assert value is None or value["logical_cores"] >= 1
