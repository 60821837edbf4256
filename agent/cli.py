"""`wardwatch-agent`: collect once, show this machine, run the service, enroll, status."""

from __future__ import annotations

import json
import logging
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

from agent.errors import AgentError
from configfile.errors import ConfigError
from contract import __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _service_args(argv) or _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.command in ("once", "show", "status") else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.handler(args))
    except (AgentError, ConfigError) as err:
        print(f"wardwatch-agent: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _service_args(argv: list[str]) -> SimpleNamespace | None:
    """Read `run [--config PATH]` without argparse, which the service would keep loaded
    for its whole life (docs/architecture.md); None for anything else."""
    if argv == ["run"]:
        return SimpleNamespace(command="run", config=None, handler=_run)
    if len(argv) == 3 and argv[:2] == ["run", "--config"] and not argv[2].startswith("-"):
        return SimpleNamespace(command="run", config=Path(argv[2]), handler=_run)
    return None


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="wardwatch-agent",
        description="Report this ward machine's equipment, health and data links.",
    )
    parser.add_argument("--version", action="version", version=f"wardwatch-agent {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    once = sub.add_parser("once", help="collect one report and print it; send nothing")
    once.add_argument("--print", action="store_true", dest="print_", help="print the JSON")
    _config_arg(once)
    once.set_defaults(handler=_once)

    show = sub.add_parser("show", help="a readable summary of this machine")
    _config_arg(show)
    show.add_argument("--lang", choices=("vi", "en"), default="vi")
    show.add_argument("--standard", type=Path, help="a standard file: say what falls short")
    show.set_defaults(handler=_show)

    run = sub.add_parser("run", help="run the agent service (collect, spool, send)")
    _config_arg(run)
    run.set_defaults(handler=_run)

    enroll = sub.add_parser("enroll", help="enroll this machine with the collector")
    _config_arg(enroll)
    enroll.add_argument("--collector", required=True, help="collector URL")
    enroll.add_argument("--ward", required=True, help="the ward's code, e.g. phuong-tan-dinh")
    enroll.add_argument("--secret-file", type=Path, required=True)
    enroll.set_defaults(handler=_enroll)

    status = sub.add_parser("status", help="spool depth, last success, last error")
    _config_arg(status)
    status.set_defaults(handler=_status)
    return parser


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="agent YAML config (default: defaults)")


def _once(args: argparse.Namespace) -> int:
    from agent.machine import open_cycle

    report = open_cycle(args.config).collect(seq=1, inventory=True)
    if args.print_:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 0


def _show(args: argparse.Namespace) -> int:
    from agent.machine import open_cycle
    from agent.show import render

    report = open_cycle(args.config).collect(seq=1, inventory=True)
    print(render(report, args.lang, args.standard))
    return 0


def _run(args: argparse.Namespace) -> int:
    from agent.service import run_forever

    return run_forever(args.config)


def _enroll(args: argparse.Namespace) -> int:
    from agent import config as agent_config
    from agent.enroll import MovePending, enroll
    from agent.machine import identify, remember_enrollment

    config = agent_config.load(args.config)
    try:
        secret = args.secret_file.read_text(encoding="utf-8").strip()
    except OSError as err:
        raise AgentError(f"cannot read the secret file {args.secret_file}: {err}") from err
    state = Path(config.state_directory)
    result = enroll(
        args.collector, args.ward, secret, state, identify(config), socket.gethostname(), config
    )
    if isinstance(result, MovePending):
        print(f"{result.message}\nmove request #{result.request_id}: this machine still "
              f"reports under ward {result.from_ward}")  # fmt: skip
        return 0
    remember_enrollment(config, args.collector, args.ward)
    print(
        f"enrolled as {result.agent_id} in ward {args.ward}; token in {result.token_path}; "
        f"next report seq {result.next_seq}. Start the service: wardwatch-agent run"
    )
    return 0


def _status(args: argparse.Namespace) -> int:
    from agent.status import status_lines

    print("\n".join(status_lines(args.config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
