"""The fixed state behind the golden /metrics: two wards, three machines, probes and findings."""

from __future__ import annotations

from collector.metrics import WardView
from collector.state import Fleet, MachineState
from standard.finding import Finding
from standard.probe_state import ProbeState

NOW = 1_764_000_000.0  # the scrape's clock, unix seconds
NASTY_WARD = 'Phường "Bến" \\ Thành\nX'  # a quote, a backslash and a line feed
M1, M2, M3 = "a1" * 16, "b2" * 16, "c3" * 16

RAM_LOW = Finding("memory_min", "hardware", "critical", 4 << 30, 8 << 30,
                  "RAM dưới chuẩn", "RAM below standard", None, 3_500_000)  # fmt: skip
DISK_FULL = Finding("disk_free_min", "operational", "warning", 0.03, 0.1,
                    "Ổ đĩa sắp đầy", "Disk nearly full")  # fmt: skip
OLD_BIOS = Finding("bios_age", "hardware", "info", 2012, 2015, "BIOS cũ", "Old BIOS")


def _probe(name: str, rtt: float | None, tls_days: float | None = None) -> ProbeState:
    if rtt is None:
        return ProbeState(name, False, 1.0, None, None, tls_days, 0.875)
    return ProbeState(name, True, 0.0, rtt, rtt / 10, tls_days, 0.9975 if tls_days else None)


def machine(agent_id: str, ward: str, **changes: object) -> MachineState:
    """Return an office workstation of `ward` that reported 30 s before NOW, with `changes`."""
    fields: dict[str, object] = dict(
        agent_id=agent_id, ward=ward, role="workstation", hostname=f"PC-{agent_id[:4]}",
        os_name="Windows 11 Pro", os_id="windows", os_version="10.0.22631",
        cpu_model="Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz", cpu_physical_cores=6,
        memory_total_bytes=16 << 30, system_disk_kind="ssd", nic_speed_bits_per_second=10**9,
        bios_date="2019-05-14", cpu_used_ratio=0.125, memory_used_ratio=0.5,
        collected_at_seconds=NOW - 31, received_at_seconds=NOW - 30, seq=7,
        probes=(_probe("datacenter", 0.0123), _probe("records", 0.0456, 45.5)), findings=(),
    )  # fmt: skip
    fields.update(changes)
    return MachineState(**fields)  # type: ignore[arg-type]  # the test's own field values


def machines() -> tuple[MachineState, ...]:
    """Return the three machines: compliant, stale and non-compliant, nasty labels."""
    return (
        machine(M1, "phuong-ben-thanh", cpu_model='Intel "OEM" \\ 2.0GHz'),
        machine(M2, "phuong-ben-thanh", os_name="Windows 10 Pro", os_version="10.0.19045",
                cpu_physical_cores=None, nic_speed_bits_per_second=None, bios_date=None,
                system_disk_kind=None, memory_total_bytes=4 << 30, received_at_seconds=NOW - 3600,
                probes=(_probe("datacenter", None), _probe("records", 0.2)),
                findings=(RAM_LOW, DISK_FULL, OLD_BIOS), clone_suspected=True),
        machine(M3, NASTY_WARD, role="server", hostname="máy-chủ-01", os_name="Ubuntu",
                os_id="ubuntu", os_version="24.04", cpu_used_ratio=None, memory_used_ratio=None,
                probes=(_probe("datacenter", 0.001),), findings=(OLD_BIOS,)),
    )  # fmt: skip


def fleet() -> Fleet:
    """Return a Fleet holding machines() in order."""
    result = Fleet()
    for m in machines():
        result.put(m)
    return result


def wards() -> tuple[WardView, ...]:
    """Return the two ward rows, one named with a quote, a backslash and a line feed."""
    return (
        WardView("phuong-ben-thanh", NASTY_WARD, 3, 2, 1, {"records": 1.0, "datacenter": 0.5},
                 False, 3_500_000, handovers_in=2, handovers_out=1),
        WardView("dac-khu-con-dao", "Côn Đảo", 4, 0, 0, {}, False, 0),
    )  # fmt: skip
