"""The city's data links as the agents' probes see them: healthy, or degraded on purpose.

Every unit reaches the data centre and the four tools; a healthy link loses nothing and
answers in a few milliseconds (well inside standard/default.yml's limits). A degraded one
(the city's own faults, `--degrade`, the control file) loses samples and adds delay.
Probe results are summarised as the agent's probes do (agent/probes/stats.py): five
samples, nearest-rank p95, jitter as the mean step between consecutive round trips.
"""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simulator.city import Degradation

SAMPLES = 5
SAMPLE_INTERVAL_SECONDS = 0.2
# Target name -> (module, prober, target, healthy rtt range in seconds)
TARGETS: dict[str, tuple[str, str, str, tuple[float, float]]] = {
    "datacenter": ("ping", "icmp", "dc.dtc.example", (0.003, 0.012)),
    "video_conference": ("https", "http", "https://hop.dtc.example/", (0.010, 0.030)),
    "records": ("https", "http", "https://dichvucong.dtc.example/", (0.012, 0.040)),
    "documents": ("https", "http", "https://vanban.dtc.example/", (0.012, 0.040)),
    "feedback_1022": ("https", "http", "https://1022.dtc.example/", (0.015, 0.045)),
}
ISSUER = "CN=DTC Issuing CA 01, O=Trung tâm Chuyển đổi số TP.HCM"


@dataclass(frozen=True)
class Condition:
    """How one ward's link to one target behaves now; seconds, ratio 0..1."""

    base_rtt_seconds: float
    loss_ratio: float = 0.0
    extra_rtt_seconds: float = 0.0


class Links:
    """Every ward's link to every target: healthy unless degraded; changed while running."""

    def __init__(self, wards: Iterable[str], degraded: Iterable[Degradation] = ()) -> None:
        self._healthy = {
            (ward, target): Condition(_healthy_rtt(ward, target))
            for ward in wards
            for target in TARGETS
        }
        self._now = dict(self._healthy)
        self.degraded: dict[tuple[str, str], Degradation] = {}
        self.apply(degraded)

    def apply(
        self, degraded: Iterable[Degradation], restored: Iterable[tuple[str, str]] = ()
    ) -> None:
        """Degrade the given (ward, target) links and bring `restored` ones back to health."""
        for ward, target in restored:
            self.degraded.pop((ward, target), None)
            self._now[(ward, target)] = self._healthy[(ward, target)]
        for d in degraded:
            self.degraded[(d.ward, d.target)] = d
            base = self._healthy[(d.ward, d.target)].base_rtt_seconds
            self._now[(d.ward, d.target)] = Condition(base, d.loss_ratio, d.rtt_seconds)

    def reset(self, degraded: Iterable[Degradation]) -> None:
        """Make exactly `degraded` the degraded links; every other link is healthy."""
        self.apply((), list(self.degraded))
        self.apply(degraded)

    def conditions(self, ward: str) -> list[tuple[str, Condition]]:
        """Return (target, condition) for each standard target of `ward`.

        A ward outside the city (the old unit a carried PC reported from) is healthy.
        """
        if (ward, "datacenter") not in self._now:
            for t in TARGETS:
                self._healthy[(ward, t)] = self._now[(ward, t)] = Condition(_healthy_rtt(ward, t))
        return [(t, self._now[(ward, t)]) for t in TARGETS]


def _healthy_rtt(ward: str, target: str) -> float:
    """Return a ward's usual round trip to a target: fixed per pair, within the healthy range."""
    low, high = TARGETS[target][3]
    share = zlib.crc32(f"{ward}:{target}".encode()) / 2**32
    return low + (high - low) * share


def probe(
    target: str,
    condition: Condition,
    rng: random.Random,
    days_to_expiry: float,
    not_after: str,
) -> dict[str, Any]:
    """Return one target's probe result for this cycle, as the agent reports it."""
    module, prober, address, _ = TARGETS[target]
    base = condition.base_rtt_seconds + condition.extra_rtt_seconds
    spread = base * 0.08
    rtts = [
        round(base + abs(rng.gauss(0.0, spread)), 6)
        for _ in range(SAMPLES)
        if rng.random() >= condition.loss_ratio
    ]
    ok = bool(rtts)
    http = prober == "http"
    return {
        "name": target,
        "module": module,
        "prober": prober,
        "target": address,
        "mode": None if http else "datagram",
        "result": "success" if ok else "timeout",
        "samples": SAMPLES,
        "successes": len(rtts),
        "loss_ratio": 1.0 - len(rtts) / SAMPLES,
        "rtt_min_seconds": min(rtts) if ok else None,
        "rtt_avg_seconds": round(sum(rtts) / len(rtts), 6) if ok else None,
        "rtt_max_seconds": max(rtts) if ok else None,
        "rtt_p95_seconds": max(rtts) if ok else None,  # nearest rank of under 20 samples
        "jitter_seconds": _jitter(rtts),
        "duration_seconds": round(SAMPLES * SAMPLE_INTERVAL_SECONDS + sum(rtts), 6),
        "error": None if ok else "timeout",
        "http": _http(rtts) if http and ok else None,
        "tls": _tls(days_to_expiry, not_after) if http and ok else None,
        "dns": None,
    }


def _jitter(rtts: list[float]) -> float | None:
    if len(rtts) < 2:
        return None
    return round(sum(abs(b - a) for a, b in itertools.pairwise(rtts)) / (len(rtts) - 1), 6)


def _http(rtts: list[float]) -> dict[str, Any]:
    last = rtts[-1]
    return {
        "status_code": 200,
        "ttfb_seconds": round(last * 2, 6),
        "total_seconds": round(last * 3, 6),
    }


def _tls(days_to_expiry: float, not_after: str) -> Mapping[str, Any]:
    return {
        "verified": True,
        "error": None,
        "not_after": not_after,
        "days_to_expiry": days_to_expiry,
        "issuer": ISSUER,
    }
