"""Admin reports for officials: reconciliation, PC handovers, and the reinvestment list."""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Literal

from fastapi import APIRouter, Depends

from collector.api.admin import admin_runtime
from collector.handover_accounts import handover_accounts
from collector.reinvestment import rank_wards
from collector.runtime import Runtime
from collector.store.engine import reader
from collector.store.handovers import list_handover_sightings
from collector.wards import reconciliation as reconcile_fleet
from collector.wards import reporting_machines

router = APIRouter(prefix="/api/v1/admin", tags=["accounting"])


@router.get("/reconciliation")
def reconciliation(runtime: Runtime = Depends(admin_runtime)) -> dict[str, Any]:  # noqa: B008
    """Compare the inventory with who reports: reporting, silent, unknown, per ward."""
    fleet = runtime.fleet
    result = reconcile_fleet(
        fleet.snapshot(), fleet.inventory, time.time(), runtime.stale_after_seconds
    )
    return {
        "wards": {code: dataclasses.asdict(c) for code, c in result.wards.items()},
        "silent": [
            {
                "ward": m.machine.ward,
                "hostname": m.machine.hostname,
                "asset_tag": m.machine.asset_tag,
                "last_seen": m.sighting.last_seen_seconds if m.sighting else None,
            }
            for m in result.silent
        ],
        "unknown": [
            {
                "agent_id": s.agent_id,
                "ward": s.ward,
                "hostname": s.hostname,
                "asset_tag": s.asset_tag,
                "last_seen": s.last_seen_seconds,
            }
            for s in result.unknown
        ],
    }


@router.get("/handovers")
def handovers(runtime: Runtime = Depends(admin_runtime)) -> dict[str, Any]:  # noqa: B008
    """Count the PCs that moved between units, from evidenced moves and from the inventory;
    list every move with its evidence."""
    with reader(runtime.engine).connect() as conn:
        moves = list_handover_sightings(conn)
    hostnames = {m.agent_id: m.hostname for m in runtime.fleet}
    accounts = handover_accounts(moves, hostnames, runtime.fleet.inventory)
    summary = accounts.summary
    return {
        "events": [
            {**dataclasses.asdict(e), "seq": m.handover.seq, "evidence": m.handover.evidence}
            for e, m in zip(accounts.events, moves, strict=True)
        ],
        "moves": [
            {
                "from": summary.names.get(old, old),
                "to": new,
                "reported": count.reported,
                "listed": count.listed,
            }
            for (old, new), count in sorted(summary.pairs.items())
        ],
    }


@router.get("/reinvestment")
def reinvestment(
    lang: Literal["vi", "en"] = "vi",
    runtime: Runtime = Depends(admin_runtime),  # noqa: B008
) -> list[dict[str, Any]]:
    """Rank the wards whose equipment is below standard, with reasons and estimated cost."""
    fresh = reporting_machines(runtime.fleet, time.time(), runtime.stale_after_seconds)
    return [
        {
            "ward": w.ward,
            "name": w.name,
            "machines": w.machines,
            "cost_vnd": w.cost_vnd,
            "reasons": [
                {
                    "rule": r.rule,
                    "label": r.label.vi if lang == "vi" else r.label.en,
                    "machines": r.machines,
                }
                for r in w.reasons
            ],
            "summary": w.summary_vi() if lang == "vi" else None,
        }
        for w in rank_wards(fresh, runtime.fleet.inventory)
    ]
