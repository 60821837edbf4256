"""A synthetic city of the 168 units' machines reporting to a real collector over HTTP.

Deterministic from the unit's and machine's numbers: some machines below standard (4 GB,
HDD, an OS out of support, a room PC without camera), lossy and failing links, agents that
fall silent, inventory machines that never report, clones, PCs carried to the next unit,
reports agents could not keep, and refused reports. Every report is built by
`contract.report.build`, every request is what an agent sends.
"""

from __future__ import annotations

import datetime
import http.client
import json
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml
from city_values import collectors, probes, values

from contract.report import Identity, Placement, build, encode
from inventory.load import HCMC_UNITS, load

NDJSON = "application/x-ndjson"


@dataclass
class Machine:
    """One synthetic machine: where it is, what it is, and what it does."""

    index: int
    ward_index: int
    ward: str
    slot: int  # its number within its unit
    role: str
    token: str = ""
    seq: int = 0
    moves_to: str | None = None
    silent_after: int | None = None  # reports sent before it falls silent
    moved: bool = False

    @property
    def agent_id(self) -> str:
        return f"{self.index + 1:032x}"

    @property
    def hostname(self) -> str:
        return f"{self.ward[:10].upper()}-{self.slot:03d}"

    def identity(self, clone: bool = False) -> Identity:
        """Return the machine's identity; `clone` gives other hardware under the same id."""
        hardware = f"{self.index + (1 << 40 if clone else 0):064x}"
        return Identity(self.agent_id, f"{self.index + 7:032x}", "machine-id", hardware,
                        ("dmi_uuid", "mac"))  # fmt: skip


def unit_sizes(total: int, units: int) -> list[int]:
    """Spread `total` machines over `units` units, the first ones taking one more."""
    return [total // units + (1 if i < total % units else 0) for i in range(units)]


def inventory_yaml(total: int) -> str:
    """Return the city's inventory: every unit expects its machines, every fifth one more."""
    wards = list(load(HCMC_UNITS).wards.values())
    sizes = unit_sizes(total, len(wards))
    wards_out = [{"code": w.code, "name": w.name, "kind": w.kind,
                  "expected_machines": sizes[i] + (1 if i % 5 == 2 else 0)}
                 for i, w in enumerate(wards)]  # fmt: skip
    return yaml.safe_dump({"wards": wards_out}, allow_unicode=True, sort_keys=False)


@dataclass
class SyntheticCity:
    """`total` machines spread over the 168 units, reporting to the collector at `url`."""

    url: str
    secret: str
    total: int
    threads: int = 8
    machines: list[Machine] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.wards = list(load(HCMC_UNITS).wards.values())
        roles = ("workstation", "video_conference", "server")
        sizes = unit_sizes(self.total, len(self.wards))
        for w, (ward, size) in enumerate(zip(self.wards, sizes, strict=True)):
            for slot in range(size):
                role = roles[slot] if slot < len(roles) else "workstation"
                m = Machine(len(self.machines), w, ward.code, slot, role)
                if slot == 0 and w % 13 == 5:
                    m.moves_to = self.wards[(w + 1) % len(self.wards)].code
                if slot == 0 and w % 6 == 1:
                    m.silent_after = 1
                self.machines.append(m)
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="city")

    def start(self) -> None:
        """Enroll every machine, flag the clones and make the moves; send the first round."""
        self._each(self._enroll, self.machines)
        self._each(
            self._clone, [m for m in self.machines if m.slot == 0 and m.ward_index % 17 == 0]
        )
        self.report_round()
        self._each(self._move, [m for m in self.machines if m.moves_to])

    def report_round(self) -> None:
        """Send one report from every machine that still reports, and two the collector
        refuses."""
        live = [m for m in self.machines if m.silent_after is None or m.seq < m.silent_after]
        self._each(self._report, live)
        self._refuse()

    def close(self) -> None:
        """Stop the sending threads (their connections close with them)."""
        self._pool.shutdown(wait=True)

    def _each(self, work: Any, machines: Iterable[Machine]) -> None:
        list(self._pool.map(work, machines))

    def _post(self, path: str, body: bytes, token: str = "", ctype: str = "application/json"
              ) -> tuple[int, Any]:  # fmt: skip
        headers = {"Content-Type": ctype, **({"Authorization": f"Bearer {token}"} if token else {})}
        for attempt in (1, 2):
            conn = getattr(self._local, "conn", None)
            if conn is None:
                parts = urlsplit(self.url)
                conn = self._local.conn = http.client.HTTPConnection(parts.hostname, parts.port, 60)
            try:
                conn.request("POST", path, body, headers)
                answer = conn.getresponse()
                return answer.status, json.loads(answer.read() or b"null")
            except (ConnectionError, http.client.HTTPException):
                # The server closes a keep-alive connection idle between rounds: open anew.
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _enrollment(self, m: Machine, ward: str, clone: bool = False) -> bytes:
        payload = {"ward": ward, "secret": self.secret, "agent_id": m.agent_id,
                   "hostname": m.hostname, "role": m.role,
                   "identity": m.identity(clone).as_report(), "next_seq": m.seq + 1}  # fmt: skip
        return json.dumps(payload).encode()

    def _enroll(self, m: Machine) -> None:
        status, body = self._post("/api/v1/enroll", self._enrollment(m, m.ward))
        assert status == 200, (status, body)
        m.token = body["token"]

    def _clone(self, m: Machine) -> None:
        status, body = self._post("/api/v1/enroll", self._enrollment(m, m.ward, clone=True))
        assert status == 409, (status, body)  # recorded as a possible clone

    def _move(self, m: Machine) -> None:
        assert m.moves_to is not None
        status, body = self._post("/api/v1/enroll", self._enrollment(m, m.moves_to), m.token)
        assert status == 200, (status, body)  # the current token proves the move
        m.token, m.ward, m.moved = body["token"], m.moves_to, True

    def _report(self, m: Machine) -> None:
        m.seq += 1
        dropped = 4 if m.slot == 0 and m.ward_index % 8 == 3 and m.seq % 5 == 2 else 0
        body = encode(self.report(m, dropped))
        status, answer = self._post("/api/v1/reports", body, m.token, NDJSON)
        assert status == 200 and answer["acknowledged"] == [m.seq], (status, answer)

    def report(self, m: Machine, dropped: int = 0, ward: str | None = None) -> dict[str, Any]:
        """Return machine `m`'s next report (seq `m.seq`)."""
        now = datetime.datetime.now(datetime.UTC)
        return build(
            identity=m.identity(), placement=Placement(m.hostname, ward or m.ward, m.role),
            seq=m.seq, collected_at=now, kind="health", values=values(m.ward_index, m.slot, m.role),
            probes=probes(m.ward_index, m.slot), collectors=collectors(), dropped_reports=dropped,
        )  # fmt: skip

    def _refuse(self) -> None:
        """Send what the collector refuses: a body that is no JSON, a report naming another
        unit than its agent's."""
        first, other = self.machines[0], self.machines[-1]
        wrong = self.report(first, ward=other.ward) | {"seq": first.seq + 1000}
        for body in (b"{not json", encode(wrong)):
            status, answer = self._post("/api/v1/reports", body, first.token, NDJSON)
            assert status >= 400 or answer["rejected"], (status, answer)
