"""The simulated city"s hardware catalogue: the PCs, servers and room PCs wards really run.

A profile is one make and model as a ward bought it; its BIOS dates are fixed years, so a
machine ages with the calendar as a real one does. `old` profiles are what a ward kept
from before 2017: 4 GB, a spinning disk, TPM 1.2 or none, legacy BIOS, Windows 10.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Generation = Literal["modern", "midlife", "old"]
GIB = 1024**3


@dataclass(frozen=True)
class Profile:
    """One make and model; memory in GiB, disk size in bytes, frequency in hertz."""

    name: str
    generation: Generation
    manufacturer: str
    model: str
    cpu_model: str
    cpu_vendor: str
    physical_cores: int
    logical_cores: int
    max_frequency_hertz: float
    bios_years: tuple[int, int]
    memory_gib: int
    disk_model: str
    disk_kind: Literal["nvme", "ssd", "hdd", "unknown"]
    disk_bytes: int
    tpm_version: Literal["2.0", "1.2"] | None  # None: no TPM
    firmware: Literal["uefi", "bios"]


def _p(*args: object) -> Profile:
    return Profile(*args)  # type: ignore[arg-type]  # a table of literals, checked by the tests


# fmt: off
WORKSTATIONS: dict[Generation, tuple[Profile, ...]] = {
    "modern": (
        _p("optiplex-7010", "modern", "Dell Inc.", "OptiPlex 7010",
           "13th Gen Intel(R) Core(TM) i5-13500", "GenuineIntel", 14, 20, 4.8e9, (2023, 2025),
           16, "SAMSUNG MZVL4512HBLU-00BTW", "nvme", 512_110_190_592, "2.0", "uefi"),
        _p("prodesk-400-g9", "modern", "HP", "HP ProDesk 400 G9 SFF",
           "12th Gen Intel(R) Core(TM) i5-12500", "GenuineIntel", 6, 12, 4.6e9, (2022, 2024),
           16, "KIOXIA KBG50ZNV512G", "nvme", 512_110_190_592, "2.0", "uefi"),
        _p("thinkcentre-m70s-g3", "modern", "LENOVO", "ThinkCentre M70s Gen 3",
           "12th Gen Intel(R) Core(TM) i5-12400", "GenuineIntel", 6, 12, 4.4e9, (2022, 2024),
           16, "SKHynix HFS512GEJ4X112N", "nvme", 512_110_190_592, "2.0", "uefi"),
        _p("expertcenter-d7", "modern", "ASUSTeK COMPUTER INC.", "ExpertCenter D700SD",
           "AMD Ryzen 5 5600G with Radeon Graphics", "AuthenticAMD", 6, 12, 4.4e9, (2022, 2023),
           16, "WD PC SN740 SDDPNQD-512G", "nvme", 512_110_190_592, "2.0", "uefi"),
    ),
    "midlife": (
        _p("optiplex-3080", "midlife", "Dell Inc.", "OptiPlex 3080",
           "Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz", "GenuineIntel", 6, 12, 4.5e9, (2021, 2022),
           8, "SK hynix SC311 SATA 256GB", "ssd", 256_060_514_304, "2.0", "uefi"),
        _p("prodesk-400-g7", "midlife", "HP", "HP ProDesk 400 G7 Microtower PC",
           "Intel(R) Core(TM) i3-10105 CPU @ 3.70GHz", "GenuineIntel", 4, 8, 4.4e9, (2021, 2022),
           8, "SAMSUNG MZ7LH256HAJD", "ssd", 256_060_514_304, "2.0", "uefi"),
        _p("thinkcentre-m75s-g2", "midlife", "LENOVO", "ThinkCentre M75s Gen 2",
           "AMD Ryzen 5 PRO 4650G with Radeon Graphics", "AuthenticAMD", 6, 12, 4.2e9,
           (2021, 2022), 8, "WDC PC SN530 SDBPMPZ-256G", "nvme", 256_060_514_304, "2.0", "uefi"),
    ),
    "old": (
        _p("prodesk-400-g2", "old", "Hewlett-Packard", "HP ProDesk 400 G2 MT",
           "Intel(R) Core(TM) i5-4590 CPU @ 3.30GHz", "GenuineIntel", 4, 4, 3.7e9, (2014, 2015),
           4, "ST500DM002-1BD142", "hdd", 500_107_862_016, "1.2", "bios"),
        _p("optiplex-3020", "old", "Dell Inc.", "OptiPlex 3020",
           "Intel(R) Core(TM) i3-4160 CPU @ 3.60GHz", "GenuineIntel", 2, 4, 3.6e9, (2014, 2015),
           4, "WDC WD5000AAKX-60U6AA0", "hdd", 500_107_862_016, None, "bios"),
        _p("thinkcentre-m700", "old", "LENOVO", "ThinkCentre M700",
           "Intel(R) Core(TM) i5-6500 CPU @ 3.20GHz", "GenuineIntel", 4, 4, 3.6e9, (2016, 2016),
           4, "ST1000DM003-1SB102", "hdd", 1_000_204_886_016, "1.2", "uefi"),
    ),
}

SERVERS: dict[Generation, tuple[Profile, ...]] = {
    "modern": (
        _p("poweredge-t350", "modern", "Dell Inc.", "PowerEdge T350",
           "Intel(R) Xeon(R) E-2378 CPU @ 2.60GHz", "GenuineIntel", 8, 16, 4.8e9, (2022, 2024),
           32, "Micron 5400 MTFDDAK960TGA", "ssd", 960_197_124_096, "2.0", "uefi"),
        _p("proliant-ml110-g10", "modern", "HPE", "ProLiant ML110 Gen10",
           "Intel(R) Xeon(R) Silver 4310 CPU @ 2.10GHz", "GenuineIntel", 12, 24, 3.3e9,
           (2022, 2023), 32, "HPE VK000960GWSRT", "ssd", 960_197_124_096, "2.0", "uefi"),
    ),
    "old": (
        _p("proliant-ml30-g9", "old", "HP", "ProLiant ML30 Gen9",
           "Intel(R) Xeon(R) CPU E3-1220 v5 @ 3.00GHz", "GenuineIntel", 4, 4, 3.5e9, (2016, 2017),
           16, "HP LOGICAL VOLUME", "unknown", 1_000_204_886_016, "1.2", "bios"),
    ),
}

ROOM_PCS: tuple[Profile, ...] = (
    _p("nuc-11-pro", "modern", "Intel(R) Client Systems", "NUC11TNHi5",
       "11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz", "GenuineIntel", 4, 8, 4.2e9, (2021, 2023),
       16, "Samsung SSD 980 500GB", "nvme", 500_107_862_016, "2.0", "uefi"),
    _p("elitedesk-800-g6-mini", "modern", "HP", "HP EliteDesk 800 G6 Desktop Mini PC",
       "Intel(R) Core(TM) i5-10500T CPU @ 2.30GHz", "GenuineIntel", 6, 12, 3.8e9, (2021, 2022),
       16, "SAMSUNG MZVLB512HBJQ-000H1", "nvme", 512_110_190_592, "2.0", "uefi"),
)
# fmt: on

CAMERAS = ("Logitech Rally Camera", "Logitech MeetUp", "Poly Studio P15", "AVer CAM520 Pro2")
MICROPHONES = (
    "Jabra Speak 750",
    "Logitech MeetUp Speakerphone",
    "Poly Sync 40",
    "Yamaha YVC-330",
)
