"""`wardwatch-simulate`: write the simulated city's inventory and plan, and run it.

    wardwatch-simulate --inventory-out var/city.yml --plan-out var/plan.json
    wardwatch-simulate --collector http://127.0.0.1:8440 --secret-file var/ward.secret \\
        --state var/simulator --control var/control.yml --degrade phuong-tan-dinh:datacenter
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console

from configfile.errors import ConfigError
from inventory.load import HCMC_UNITS, load
from simulator.city import City, Degradation
from simulator.control import parse_degrade
from simulator.display import Display
from simulator.errors import SimulatorError
from simulator.inventory_file import render, write_atomically
from simulator.plan import plan
from simulator.runner import CityRunner, Options
from simulator.spread import build_city
from simulator.stats import Stats
from standard.model import DEFAULT_STANDARD, load_standard

# A ward office's one-stop desk, specialist rooms, a server and a meeting room: about 18
# machines a unit, 3,000 in all, runs with its collector and Prometheus on two cores.
DEFAULT_MACHINES = 3000
DEFAULT_SEED = 2025


def parser() -> argparse.ArgumentParser:
    """Return the command line's parser."""
    p = argparse.ArgumentParser(
        prog="wardwatch-simulate",
        description="Thành phố mô phỏng: 168 đơn vị gửi báo cáo tới collector / "
        "the simulated city: 168 units reporting to a collector",
    )
    p.add_argument("--collector", metavar="URL", help="collector base URL, http:// or https://")
    p.add_argument("--secret-file", type=Path, help="the ward enrollment secret (or the '*' one)")
    p.add_argument("--ca-file", help="CA file that verifies an https collector")
    p.add_argument(
        "--machines", type=int, default=DEFAULT_MACHINES, help="total, over the 168 units"
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same city")
    p.add_argument("--interval", type=float, default=60.0, help="seconds between reports")
    p.add_argument("--duration", type=float, help="seconds to run (default: until Ctrl-C)")
    p.add_argument("--inventory-out", type=Path, help="write the city's inventory (YAML) here")
    p.add_argument("--plan-out", type=Path, help="write the city's plan (JSON) here")
    p.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="WARD/HOSTNAME[/ROLE]",
        help="also list this machine in the inventory (e.g. a real agent's PC)",
    )
    p.add_argument("--state", type=Path, help="keep tokens and seqs here across restarts")
    p.add_argument("--control", type=Path, help="YAML/JSON faults file, read again when it changes")
    p.add_argument(
        "--degrade",
        action="append",
        default=[],
        metavar="WARD:TARGET[:loss=R,rtt_ms=MS]",
        help="degrade a ward's link from the start (loss=0.3,rtt_ms=400 by default)",
    )
    p.add_argument(
        "--connections", type=int, default=16, help="keep-alive connections to the collector"
    )
    p.add_argument(
        "--standard", type=Path, default=DEFAULT_STANDARD, help="the standard the plan judges by"
    )
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    args = parser().parse_args(argv)
    console = Console(stderr=False)
    try:
        return _run(args, console)
    except (SimulatorError, ConfigError) as err:
        text = err.text(args.lang) if isinstance(err, SimulatorError) else str(err)
        Console(stderr=True).print(
            f"[bold red]{'lỗi' if args.lang == 'vi' else 'error'}:[/] {text}", highlight=False
        )
        return 2


def _run(args: argparse.Namespace, console: Console) -> int:
    _check(args)
    wards = list(load(HCMC_UNITS).wards.values())
    city = build_city(args.seed, args.machines, wards)
    codes = {w.code for w in wards}
    base = _base(city, [parse_degrade(text, codes) for text in args.degrade])
    if args.inventory_out:
        extra = tuple(_expected(text, codes) for text in args.expect)
        write_atomically(args.inventory_out, render(city, extra))
    if args.plan_out:
        judged = plan(city, load_standard(args.standard), date.today())
        write_atomically(args.plan_out, json.dumps(judged, ensure_ascii=False, indent=1))
    if not args.collector:
        return 0
    options = Options(
        collector_url=args.collector,
        secret=_secret(args.secret_file),
        interval_seconds=args.interval,
        duration_seconds=args.duration,
        connections=args.connections,
        ca_file=args.ca_file,
        state_dir=args.state,
        control_file=args.control,
    )
    return asyncio.run(_serve(city, options, base, args.lang, console))


async def _serve(
    city: City, options: Options, base: list[Degradation], lang: str, console: Console
) -> int:
    stats = Stats()
    runner = CityRunner(city, options, base, stats)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, runner.stop)
    with Display(runner, stats, lang, console) as display:
        await runner.run(on_tick=display.tick)
    return 0


def _check(args: argparse.Namespace) -> None:
    if not args.collector and not (args.inventory_out or args.plan_out):
        raise SimulatorError(
            "cần --collector URL để chạy, hoặc --inventory-out/--plan-out để ghi tệp",
            "give --collector URL to run, or --inventory-out/--plan-out to write files",
        )
    if args.collector and not args.secret_file:
        raise SimulatorError(
            "cần --secret-file: mã bí mật đăng ký của phường (hoặc mục '*' của collector)",
            "give --secret-file: the ward enrollment secret (or the collector's '*' one)",
        )
    if args.interval <= 0 or args.connections < 1:
        raise SimulatorError(
            "--interval phải > 0 và --connections ≥ 1",
            "--interval must be > 0 and --connections ≥ 1",
        )


def _base(city: City, given: list[Degradation]) -> list[Degradation]:
    """Return the city's own degradations with the command line's on top."""
    mine = {(d.ward, d.target): d for d in given}
    return [d for d in city.degraded if (d.ward, d.target) not in mine] + list(mine.values())


def _secret(path: Path) -> str:
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except OSError as err:
        raise SimulatorError(
            f"không đọc được {path}: {err.strerror}; kiểm tra --secret-file",
            f"cannot read {path}: {err.strerror}; check --secret-file",
        ) from err
    if not secret:
        raise SimulatorError(
            f"{path} rỗng: ghi mã bí mật vào đó", f"{path} is empty: put the secret in it"
        )
    return secret


def _expected(text: str, codes: set[str]) -> dict[str, Any]:
    ward, _, rest = text.partition("/")
    hostname, _, role = rest.partition("/")
    role = role or "workstation"
    if (
        ward not in codes
        or not hostname
        or role not in ("workstation", "server", "video_conference")
    ):
        raise SimulatorError(
            f"--expect {text}: cần MÃ-PHƯỜNG/TÊN-MÁY[/VAI-TRÒ] với mã phường có trong danh sách",
            f"--expect {text}: give WARD/HOSTNAME[/ROLE] with a ward code of the inventory",
        )
    return {"ward": ward, "hostname": hostname, "role": role}


if __name__ == "__main__":
    sys.exit(main())
