"""`wardwatch-collector`: serve the API, check a config."""

from __future__ import annotations

import argparse
import logging
import math
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from collector import __version__
from collector import config as collector_config
from collector.errors import CollectorError
from configfile.errors import ConfigError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    parser = argparse.ArgumentParser(
        prog="wardwatch-collector", description="Receive and judge ward machines' reports."
    )
    parser.add_argument("--version", action="version", version=f"wardwatch-collector {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the collector API")
    serve.add_argument("--config", type=Path, help="collector YAML config")
    serve.set_defaults(handler=_serve)
    check = sub.add_parser("check-config", help="validate a config file and exit")
    check.add_argument("--config", type=Path, required=True)
    check.set_defaults(handler=_check)
    moves = sub.add_parser(
        "moves", help="list, approve or refuse moves into another unit made without a token"
    )
    moves.add_argument("--config", type=Path, help="collector YAML config (for the store)")
    moves.add_argument("action", nargs="?", choices=("list", "approve", "refuse"), default="list")
    moves.add_argument("request_id", nargs="?", type=int)
    moves.set_defaults(handler=_moves)
    sweep = sub.add_parser(
        "ssh-sweep",
        help="read the agentless machines over SSH now, through the running collector",
    )
    sweep.add_argument("--config", type=Path, help="collector YAML config (address, admin token)")
    sweep.add_argument("--unit", help="only this unit's machines, e.g. phuong-tan-dinh")
    sweep.add_argument("--lang", choices=("vi", "en"), default="vi")
    sweep.add_argument("--url", help="the collector's address, if not the config's listen")
    sweep.add_argument("--ca-file", help="CA that verifies an https collector")
    sweep.set_defaults(handler=_ssh_sweep)
    _add_report(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (ConfigError, CollectorError) as err:
        print(f"wardwatch-collector: {err}", file=sys.stderr)
        return 2


def _add_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from collector.papers.command import add_parser

    add_parser(sub)


def _check(args: argparse.Namespace) -> int:
    from collector.policy_files import PolicyFiles

    files = PolicyFiles.read(collector_config.load(args.config))
    print(
        f"{args.config}: ok ({len(files.inventory.wards)} wards, "
        f"{files.ward_secrets} enrollment secrets, "
        f"admin API {'on' if files.admin_token_hash else 'off'}, "
        f"reports for viewers {'on' if files.viewer_token_hash else 'off'})"
    )
    return 0


def _moves(args: argparse.Namespace) -> int:
    import time

    from collector.store import make_engine
    from collector.store.moves import decide, list_requests

    config = collector_config.load(args.config)
    engine = make_engine(config.storage.resolved_url())
    try:
        with engine.begin() as conn:
            if args.action == "list":
                for m in list_requests(conn):
                    print(f"#{m.id} {m.status:8} {m.agent_id} {m.hostname}: "
                          f"{m.from_ward} -> {m.to_ward}")  # fmt: skip
                return 0
            if args.request_id is None:
                raise CollectorError(f"moves {args.action} needs the request's number")
            decided = decide(conn, args.request_id, args.action == "approve", time.time())
    finally:
        engine.dispose()
    if decided is None:
        raise CollectorError(f"no pending or refused move request #{args.request_id}")
    print(f"#{decided.id} {decided.status}: {decided.from_ward} -> {decided.to_ward}; "
          "the agent moves when it enrolls again")  # fmt: skip
    return 0


def _ssh_sweep(args: argparse.Namespace) -> int:
    from rich.console import Console

    from collector import sweep_command

    config = collector_config.load(args.config)
    url = sweep_command.sweep_url(config, args.url, args.unit)
    ca_file = args.ca_file or config.listen.tls_cert_file
    timeout = config.agentless.host_timeout_seconds + 60  # the longest wait between two lines
    events = sweep_command.stream(url, sweep_command.admin_token(config), ca_file, timeout)
    return sweep_command.run(events, args.lang, args.unit, Console())


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from collector.app import create_app
    except ImportError as err:  # the base install is the agent only
        raise CollectorError(
            f"{err}: the collector needs its extra: pip install 'wardwatch[collector]'"
        ) from err

    config = collector_config.load(args.config)
    logging.basicConfig(
        level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    listen = config.listen
    # uvicorn drains in-flight requests on SIGTERM, then re-raises the signal to the handler
    # it found: without this one the default would end a clean stop with status -15.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    uvicorn.run(
        create_app(config),
        host=listen.host,
        port=listen.port,
        ssl_certfile=listen.tls_cert_file,
        ssl_keyfile=listen.tls_key_file,
        timeout_graceful_shutdown=math.ceil(listen.graceful_shutdown_seconds),
        access_log=False,
        log_level=config.log_level,
        # uvloop starved new connections' accepts under ingest load; asyncio's loop kept up
        # at the same CPU (bench/ingest/README.md, "accept queue max").
        loop="asyncio",
        http="auto",
        # no X-Forwarded-* rewriting: nothing here reads the client's address, and the
        # middleware costs every request (bench/ingest/ablate.py)
        proxy_headers=False,
    )
    return 0


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    """Exit with status 0 on SIGTERM: a stop that was asked for is not a failure."""
    raise SystemExit(0)


if __name__ == "__main__":
    sys.exit(main())
