"""Link rules: the latest probe to each standard target against its loss, RTT and jitter
limits, and the machine's availability to it over the link's window.

A report holds one probe cycle, so the limits judge the latest state. Availability over
a window needs history, which only the collector keeps (`collector.availability`): it
reaches the rules as `Context.availability`, target -> ratio, and falls short below
`min_availability_ratio`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from standard.finding import Finding
from standard.model import LinkStandard
from standard.probe_state import ProbeState, probe_state
from standard.rule import Context, Report, fact_missing, operational
from standard.wording import Text, millis, number_en, percent


def breaches(probe: ProbeState, link: LinkStandard) -> list[tuple[str, float, float]]:
    """List (rule, measured, limit) for each limit a successful probe exceeds."""
    found = []
    if probe.loss_ratio > link.max_loss_ratio:
        found.append(("link_loss", probe.loss_ratio, link.max_loss_ratio))
    rtt, jitter = probe.rtt_p95_seconds, probe.jitter_seconds
    if rtt is not None and rtt > link.max_rtt_p95_seconds:
        found.append(("link_rtt", rtt, link.max_rtt_p95_seconds))
    if jitter is not None and jitter > link.max_jitter_seconds:
        found.append(("link_jitter", jitter, link.max_jitter_seconds))
    return found


def link_readiness(probe: ProbeState | None, link: LinkStandard) -> bool:
    """Tell whether the latest probe reached the target within the link's limits."""
    return probe is not None and probe.success and not breaches(probe, link)


_WORDS = {
    "link_loss": (
        "Mất gói {m} tới {t}, vượt mức tối đa {r}",
        "Loss {m} to the {t}, over the maximum {r}",
    ),
    "link_rtt": (
        "Độ trễ p95 {m} tới {t}, vượt mức tối đa {r}",
        "p95 RTT {m} to the {t}, over the maximum {r}",
    ),
    "link_jitter": (
        "Jitter {m} tới {t}, vượt mức tối đa {r}",
        "Jitter {m} to the {t}, over the maximum {r}",
    ),
}


def _show(rule: str, value: float) -> Text:
    return percent(value) if rule == "link_loss" else Text(millis(value), millis(value))


def _breach(rule: str, measured: float, limit: float, target: str, link: LinkStandard) -> Finding:
    m, r = _show(rule, measured), _show(rule, limit)
    vi, en = _WORDS[rule]
    text = Text(
        vi.format(m=m.vi, t=link.label_vi, r=r.vi),
        en.format(m=m.en, t=link.label_en, r=r.en),
    )
    return operational(rule, measured, limit, text, target=target)


def _failing(probe: Mapping[str, Any], target: str, link: LinkStandard) -> Finding:
    result = probe["result"]
    text = Text(
        f"Không kết nối được tới {link.label_vi} (kết quả: {result})",
        f"Cannot reach the {link.label_en} (result: {result})",
    )
    return operational("link_failing", result, "success", text, "critical", target)


def _unavailable(ratio: float, target: str, link: LinkStandard) -> Finding:
    m, r = percent(ratio), percent(link.min_availability_ratio)
    hours = number_en(link.availability_window_seconds / 3600)
    text = Text(
        f"Khả dụng {m.vi} tới {link.label_vi} trong {hours.replace('.', ',')} giờ qua, "
        f"dưới mức tối thiểu {r.vi}",
        f"Availability {m.en} to the {link.label_en} over the last {hours} h, "
        f"below the minimum {r.en}",
    )
    return operational("link_availability", ratio, link.min_availability_ratio, text, target=target)


def links(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag each standard target whose latest probe failed or broke a limit, or whose
    availability over the window is below the minimum."""
    probes = {p["name"]: p for p in report.get("probes", ())}
    found: list[Finding] = []
    for target, link in ctx.standard.links.items():
        probe = probes.get(target)
        if probe is None:
            found.append(fact_missing(f"probes.{target}"))
        elif probe["result"] != "success":
            found.append(_failing(probe, target, link))
        else:
            found += [_breach(*b, target, link) for b in breaches(probe_state(probe), link)]
        ratio = ctx.availability.get(target)
        if ratio is not None and ratio < link.min_availability_ratio:
            found.append(_unavailable(ratio, target, link))
    return found
