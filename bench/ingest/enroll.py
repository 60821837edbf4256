"""Set-up step of the ingest benchmark (not timed): enroll N agents, write what wrk reads.

    python bench/ingest/enroll.py --url http://127.0.0.1:PORT --secret-file F --agents 1000 \
        --out DIR

Writes into DIR:
- agents.txt: one enrolled agent a line, "agent_id token hostname install_id fingerprint";
- template.ndjson: one realistic report (about 6 KB, 5 probe targets, built with
  agent.report.build) on one line, with the markers @AGENT@, @SEQ@, @TIME@, @HOST@,
  @INST@ and @FPR@ where the Lua script puts each request's agent id, seq, collected_at,
  hostname, install id and hardware fingerprint (those the agent enrolled with);
- push.txt: the Prometheus text one machine's report becomes (34 series), which the
  Pushgateway side of the benchmark PUTs, with @HOST@ for the machine's hostname.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from contract.report import Identity, Placement, build  # noqa: E402

WARD = "phuong-tan-dinh"
MARKERS = ("@AGENT@", "@SEQ@", "@TIME@", "@HOST@", "@INST@", "@FPR@")

# What an ordinary ward PC reports: the same values as the agent tests' sample machine.
VALUES: dict[str, Any] = {
    "cpu": {
        "model": "Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz",
        "vendor": "Intel",
        "physical_cores": 6,
        "logical_cores": 6,
        "max_frequency_hertz": 4.1e9,
    },
    "memory": {
        "total_bytes": 8 * 2**30,
        "available_bytes": 5 * 2**30,
        "swap_total_bytes": 2**31,
        "swap_free_bytes": 2**31,
    },
    "disks": {
        "physical": [
            {
                "name": "sda",
                "model": "Samsung SSD 860",
                "serial": "S3Z1NB0K123456A",
                "size_bytes": 500107862016,
                "kind": "ssd",
                "removable": False,
            }
        ],
        "filesystems": [
            {
                "mount": "/",
                "device": "/dev/sda2",
                "fstype": "ext4",
                "total_bytes": 490000000000,
                "free_bytes": 300000000000,
            },
            {
                "mount": "/boot/efi",
                "device": "/dev/sda1",
                "fstype": "vfat",
                "total_bytes": 536000000,
                "free_bytes": 530000000,
            },
        ],
        "system_disk": "sda",
    },
    "network": {
        "interfaces": [
            {
                "name": "eno1",
                "mac": "aa:bb:cc:dd:ee:ff",
                "up": True,
                "speed_bits_per_second": 10**9,
                "duplex": "full",
                "mtu": 1500,
                "addresses": ["10.1.2.3/24", "fe80::1/64"],
                "virtual": False,
            }
        ],
        "default_gateway": "10.1.2.1",
        "default_interface": "eno1",
    },
    "system": {
        "manufacturer": "Dell Inc.",
        "model": "OptiPlex 7060",
        "serial": "ABC1234",
        "bios_vendor": "Dell Inc.",
        "bios_version": "1.2.3",
        "bios_date": "2018-05-01",
        "chassis": "desktop",
        "virtual": False,
    },
    "security": {
        "tpm_present": True,
        "tpm_version": "2.0",
        "firmware": "uefi",
        "secure_boot": True,
    },
    "media": {
        "camera_present": False,
        "microphone_present": False,
        "cameras": [],
        "microphones": [],
    },
    "os": {
        "family": "linux",
        "id": "ubuntu",
        "id_like": ["debian"],
        "name": "Ubuntu 22.04.4 LTS",
        "version": "22.04",
        "build": None,
        "edition": None,
        "kernel": "5.15.0-101-generic",
        "architecture": "x86_64",
        "boot_time": "2026-11-20T01:00:00.000Z",
    },
    "health": {
        "cpu_used_ratio": 0.12,
        "memory_used_ratio": 0.4,
        "swap_used_ratio": 0.0,
        "load1": 0.5,
        "load5": 0.4,
        "load15": 0.3,
        "uptime_seconds": 400000.0,
        "process_count": 250,
        "filesystems": [{"mount": "/", "used_ratio": 0.39, "free_bytes": 300000000000}],
        "temperatures": [{"sensor": "coretemp", "label": "Package id 0", "celsius": 45.0}],
        "battery": None,
    },
}
PROBES = ("datacenter", "video_conference", "records", "documents", "feedback_1022")
COLLECTORS = ("cpu", "memory", "disks", "network", "os", "system", "security", "health", "media")


def probe(name: str) -> dict[str, Any]:
    """Return one successful HTTPS probe result."""
    return {
        "name": name,
        "module": "https",
        "prober": "http",
        "target": f"https://{name}.example/",
        "mode": None,
        "result": "success",
        "samples": 5,
        "successes": 5,
        "loss_ratio": 0.0,
        "rtt_min_seconds": 0.011,
        "rtt_avg_seconds": 0.013,
        "rtt_max_seconds": 0.02,
        "rtt_p95_seconds": 0.019,
        "jitter_seconds": 0.002,
        "duration_seconds": 1.1,
        "error": None,
        "http": {"status_code": 200, "ttfb_seconds": 0.02, "total_seconds": 0.03},
        "tls": {
            "verified": True,
            "error": None,
            "not_after": "2027-06-01T00:00:00.000Z",
            "days_to_expiry": 180.0,
            "issuer": "R3",
        },
        "dns": None,
    }


def agent_id(index: int) -> str:
    """Return the 32-hex agent id of agent `index`."""
    return f"b0{index:030x}"


def hostname(index: int) -> str:
    """Return the hostname agent `index` enrolls and reports with."""
    return f"TD-PC{index:05d}"


def identity(index: int) -> Identity:
    """Return agent `index`'s identity (install id and hardware fingerprint)."""
    return Identity(
        agent_id(index), f"c0{index:030x}", "machine-id", f"{index:064x}", ("dmi_uuid", "mac")
    )


def report(index: int, seq: int, collected_at: datetime.datetime) -> dict[str, Any]:
    """Return one valid health report of agent `index`."""
    return build(
        identity=identity(index),
        placement=Placement(hostname(index), WARD, "workstation", f"TD-{index:04d}"),
        seq=seq,
        collected_at=collected_at,
        kind="health",
        values=VALUES,
        probes=[probe(n) for n in PROBES],
        collectors={
            n: {"success": True, "duration_seconds": 0.001, "error": None, "not_applicable": False}
            for n in COLLECTORS
        },
    )


def template() -> str:
    """Return one report line with the per-request markers in place of its own values."""
    doc = report(0, 1, datetime.datetime.now(datetime.UTC))
    doc.update(agent_id="@AGENT@", seq="@SEQ@", collected_at="@TIME@", hostname="@HOST@")
    doc["identity"].update(install_id="@INST@", fingerprint="@FPR@")
    line = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace('"@SEQ@"', "@SEQ@")
    assert all(line.count(m) == 1 for m in MARKERS) and "\n" not in line
    return line


def fill(line: str, index: int, seq: int, stamp: str) -> str:
    """Put agent `index`'s values into a template line (what the Lua script does)."""
    ident = identity(index)
    return (
        line.replace("@AGENT@", ident.agent_id)
        .replace("@SEQ@", str(seq))
        .replace("@TIME@", stamp)
        .replace("@HOST@", hostname(index))
        .replace("@INST@", ident.install_id)
        .replace("@FPR@", ident.fingerprint)
    )


def push_body(host: str) -> str:
    """Return what one machine's report becomes as Prometheus text: 34 series.

    The same facts the collector exposes per machine (up, info, health ratios, findings,
    and per probe target success, loss, RTT p95, jitter, TLS days), without the job and
    instance labels that the Pushgateway's grouping key supplies.
    """
    machine = f'ward="{WARD}",hostname="{host}",role="workstation"'
    out = [
        "# TYPE wardwatch_machine_up gauge",
        f"wardwatch_machine_up{{{machine}}} 1",
        "# TYPE wardwatch_machine_info gauge",
        f'wardwatch_machine_info{{{machine},os="Ubuntu 22.04.4 LTS",'
        f'cpu="Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz",disk="ssd"}} 1',
        "# TYPE wardwatch_machine_cpu_used_ratio gauge",
        f"wardwatch_machine_cpu_used_ratio{{{machine}}} 0.12",
        "# TYPE wardwatch_machine_memory_used_ratio gauge",
        f"wardwatch_machine_memory_used_ratio{{{machine}}} 0.4",
        "# TYPE wardwatch_machine_memory_total_bytes gauge",
        f"wardwatch_machine_memory_total_bytes{{{machine}}} 8589934592",
        "# TYPE wardwatch_machine_filesystem_used_ratio gauge",
        f'wardwatch_machine_filesystem_used_ratio{{{machine},mount="/"}} 0.39',
        "# TYPE wardwatch_machine_findings gauge",
        f'wardwatch_machine_findings{{{machine},class="hardware"}} 0',
        f'wardwatch_machine_findings{{{machine},class="operational"}} 0',
        "# TYPE wardwatch_machine_report_age_seconds gauge",
        f"wardwatch_machine_report_age_seconds{{{machine}}} 3",
    ]
    gauges = (
        ("success", "1"),
        ("loss_ratio", "0"),
        ("rtt_p95_seconds", "0.019"),
        ("jitter_seconds", "0.002"),
        ("tls_days_to_expiry", "180"),
    )
    for name, value in gauges:
        out.append(f"# TYPE wardwatch_probe_{name} gauge")
        out.extend(
            f'wardwatch_probe_{name}{{{machine},target="{target}"}} {value}' for target in PROBES
        )
    return "\n".join(out) + "\n"


def _enroll(base: str, secret: str, index: int) -> tuple[str, ...]:
    ident = identity(index)
    payload = {
        "ward": WARD,
        "secret": secret,
        "agent_id": ident.agent_id,
        "hostname": hostname(index),
        "role": "workstation",
        "identity": ident.as_report(),
    }
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(
            "POST", "/api/v1/enroll", json.dumps(payload), {"Content-Type": "application/json"}
        )
        answer = conn.getresponse()
        body = answer.read()
    finally:
        conn.close()
    if answer.status != 200:
        raise RuntimeError(f"enroll of agent {index} answered {answer.status}: {body[:300]!r}")
    token = json.loads(body)["token"]
    return ident.agent_id, token, hostname(index), ident.install_id, ident.fingerprint


def enroll(base: str, secret: str, agents: int, out: Path, threads: int = 8) -> list[str]:
    """Enroll `agents` agents at `base`; write agents.txt, template.ndjson, push.txt in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(threads) as pool:
        rows = list(pool.map(lambda i: _enroll(base, secret, i), range(agents)))
    (out / "agents.txt").write_text("".join(" ".join(row) + "\n" for row in rows))
    (out / "template.ndjson").write_text(template() + "\n")
    (out / "push.txt").write_text(push_body("@HOST@"))
    return [row[1] for row in rows]


def main() -> None:
    """Enroll the agents and write the files the Lua scripts read."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--secret-file", type=Path, required=True)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    enroll(args.url, args.secret_file.read_text().strip(), args.agents, args.out)


if __name__ == "__main__":
    main()
