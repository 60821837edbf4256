"""Where the agent's memory and CPU go: the figures behind bench/agent_footprint/README.md.

    .venv/bin/python bench/agent_footprint/where.py [memory] [imports] [cpu]
        [--python PY] [--cycles N]

- memory: the running agent (run.py's loopback targets and stand-in collector) after N
  cycles: RSS by mapping from /proc/PID/smaps, modules loaded, and in a second run the
  Python heap by file with tracemalloc.
- imports: for each group of modules, the RSS a fresh interpreter saves when everything
  else the `run` path imports is loaded and the group is not (replaced by a stub).
- cpu: the agent's cycle run in this process N times: the thread CPU time of each phase
  and of each probe target's thread, then a few micro-measurements behind the proposals.

With --python, memory and imports use that interpreter (e.g. a clean venv holding only the
base dependencies) with the repository on PYTHONPATH. Python stdlib only.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench

ROOT = bench.ROOT
MIB = 1024 * 1024

# ---------------------------------------------------------------- memory

_DUMPER = """
import json, re, signal, sys
TRACE = {trace}
if TRACE:
    import tracemalloc
    tracemalloc.start(1)

def _dump(*_):
    out = {{"modules": len(sys.modules), "names": sorted(sys.modules), "maps": {{}}}}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS", "RssAnon", "RssFile")):
            out[line.split(":")[0]] = int(line.split()[1])
    name = None
    for line in open("/proc/self/smaps"):
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            parts = line.split()
            name = parts[5] if len(parts) > 5 else "[anon]"
        elif line.startswith("Rss:"):
            out["maps"][name] = out["maps"].get(name, 0) + int(line.split()[1])
    if TRACE:
        stats = tracemalloc.take_snapshot().statistics("filename")
        out["traced_kb"] = sum(s.size for s in stats) // 1024
        out["traced_top"] = [[s.traceback[0].filename, s.size // 1024] for s in stats[:12]]
    with open({path!r}, "w") as handle:
        json.dump(out, handle)

signal.signal(signal.SIGUSR1, _dump)
from agent.cli import main
sys.exit(main(["run", "--config", {config!r}]))
"""


def _interpreter(python: str | None) -> tuple[str, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MALLOC"))}
    if python:
        env["PYTHONPATH"] = str(ROOT)
        return python, env
    return sys.executable, env


def running_agent(python: str | None, cycles: int, trace: bool) -> dict[str, Any]:
    """Run the agent for `cycles` cycles beside the loopback targets; return its dump."""
    tmp = Path(tempfile.mkdtemp(prefix="agent-where-"))
    tls, certificate = bench.tls_context(tmp)
    sink, web = bench.Sink(tls), bench._serve(bench.WebTarget)
    tcp, dns = bench.tcp_listener(), bench.dns_responder()
    ports = (sink.port, web.server_address[1], tcp.getsockname()[1], dns.getsockname()[1])
    config = bench.write_agent_config(tmp, 2.0, *ports, certificate)
    dump = tmp / "dump.json"
    code = _DUMPER.format(trace=trace, path=str(dump), config=str(config))
    exe, env = _interpreter(python)
    agent = subprocess.Popen([exe, "-c", code], cwd=tmp, env=env, stderr=subprocess.PIPE)
    log = bench.AgentLog(agent.stderr)
    try:
        bench._wait(lambda: len(log.spooled) >= cycles, 60 + 4 * cycles, "cycles", log)
        time.sleep(1.0)  # mid-interval
        agent.send_signal(signal.SIGUSR1)
        bench._wait(dump.exists, 10, "the dump")
        time.sleep(0.2)
        return dict(json.loads(dump.read_text()))
    finally:
        agent.terminate()
        agent.wait(10)
        for server in (sink.server, web):
            server.shutdown()
            server.server_close()
        tcp.close()
        dns.close()


def memory(python: str | None, cycles: int) -> None:
    plain = running_agent(python, cycles, trace=False)
    print(f"## memory: the running agent after {cycles} cycles")
    print(
        f"RSS {plain['VmRSS'] / 1024:.1f} MB = anonymous {plain['RssAnon'] / 1024:.1f}"
        f" + file-backed {plain['RssFile'] / 1024:.1f}; {plain['modules']} modules loaded"
    )
    print("modules:", " ".join(plain["names"]))
    print("| mapping | RSS (MB) |\n|---|---:|")
    for name, kb in sorted(plain["maps"].items(), key=lambda kv: -kv[1])[:12]:
        print(f"| {name.rsplit('/', 1)[-1]} | {kb / 1024:.2f} |")
    traced = running_agent(python, cycles, trace=True)
    print(f"\nPython heap (tracemalloc, a second run): {traced['traced_kb'] / 1024:.1f} MB")
    print("| allocated in | MB |\n|---|---:|")
    for name, kb in traced["traced_top"]:
        print(f"| {'/'.join(name.split('/')[-2:])} | {kb / 1024:.2f} |")


# ---------------------------------------------------------------- imports

_MARGINAL = """
import gc, importlib, sys, types
stubs, skip = {stubs!r}, {skip!r}

class Stub(types.ModuleType):
    __path__ = []
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub(name)
    def __call__(self, *args, **kwargs):
        return None
    def __mro_entries__(self, bases):
        return (object,)

for name in stubs:
    sys.modules[name] = Stub(name)
for name in {roots!r}:
    if name not in skip:
        importlib.import_module(name)
if "argparse" not in stubs:
    sys.modules["agent.cli"]._parser()  # argparse's formatter imports shutil
gc.collect()
for line in open("/proc/self/status"):
    if line.startswith("VmRSS"):
        print(int(line.split()[1]), len(sys.modules))
"""
# What `wardwatch-agent run` has imported once it has done a cycle and a delivery.
ROOTS = (
    "agent.cli",
    "agent.service",
    "agent.probes.runner",
    "agent.probes.probers",
    "agent.collectors",
    "sqlite3",
    "http.client",
    "ssl",
    "encodings.idna",
)
GROUPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("psutil (health sensors, cpu counts, net addresses, hardware signature)", ("psutil",), ()),
    ("yaml (the config file)", ("yaml",), ()),
    ("argparse (the command line)", ("argparse",), ()),
    ("hashlib (agent id, fingerprint)", ("hashlib",), ()),
    ("encodings.idna (DNS probe names)", (), ("encodings.idna",)),
    ("concurrent.futures (probe threads)", ("concurrent.futures",), ()),
    ("logging", ("logging",), ()),
    ("sqlite3 (the spool)", ("sqlite3",), ()),
    ("ssl", ("ssl",), ("ssl",)),
    ("http.client + ssl (sending, http probe)", ("http.client", "ssl"), ("http.client", "ssl")),
    (
        "psutil + yaml + argparse + hashlib + idna together",
        ("psutil", "yaml", "argparse", "hashlib"),
        ("encodings.idna",),
    ),
)


def _rss_without(
    exe: str, env: dict[str, str], stubs: tuple[str, ...], skip: tuple[str, ...]
) -> tuple[int, int]:
    code = _MARGINAL.format(stubs=list(stubs), skip=list(skip), roots=list(ROOTS))
    best: tuple[int, int] | None = None
    for _ in range(3):
        done = subprocess.run([exe, "-c", code], env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(done.stderr)
        kb, modules = (int(v) for v in done.stdout.split())
        best = min(best or (kb, modules), (kb, modules))
    assert best is not None
    return best


def imports(python: str | None) -> None:
    exe, env = _interpreter(python)
    base_kb, base_modules = _rss_without(exe, env, (), ())
    print(
        f"\n## imports: the `run` path imported, no cycle run: {base_kb / 1024:.2f} MB, "
        f"{base_modules} modules"
    )
    print("| left out | RSS saved (MB) | modules fewer |\n|---|---:|---:|")
    for label, stubs, skip in GROUPS:
        kb, modules = _rss_without(exe, env, stubs, skip)
        print(f"| {label} | {(base_kb - kb) / 1024:.2f} | {base_modules - modules} |")


# ---------------------------------------------------------------- cpu

_TARGETS = """
import sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
import run as bench
tls, _ = bench.tls_context(Path({tmp!r}))
sink, web = bench.Sink(tls), bench._serve(bench.WebTarget)
tcp, dns = bench.tcp_listener(), bench.dns_responder()
print(sink.port, web.server_address[1], tcp.getsockname()[1], dns.getsockname()[1], flush=True)
sys.stdin.read()
"""


def cpu(cycles: int) -> None:
    """Time each phase of the agent's cycle, in this process; the targets run in a child."""
    from agent import config as agent_config
    from agent import statefile
    from agent.collectors import registry
    from agent.cycle import Cycle
    from agent.delivery import Delivery, DeliveryPolicy
    from agent.hardware_change import HardwareSignature
    from agent.machine import identify, placement, with_enrollment
    from agent.probes import runner
    from agent.spool import SPOOL_FILE, Spool
    from agent.transport import Client
    from contract.report import encode

    here = str(Path(__file__).resolve().parent)
    tmp = Path(tempfile.mkdtemp(prefix="agent-where-"))
    targets = subprocess.Popen(
        [sys.executable, "-c", _TARGETS.format(here=here, tmp=str(tmp))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert targets.stdout is not None and targets.stdin is not None
    sink, web, tcp, dns = (int(p) for p in targets.stdout.readline().split())
    ports = [sink, web, tcp, dns]
    written = bench.write_agent_config(tmp, 2.0, sink, web, tcp, dns, tmp / "sink.pem")
    config = with_enrollment(agent_config.load(written))
    state = Path(config.state_directory)
    cycle = Cycle(config, identify(config), placement(config))
    signature = HardwareSignature()
    spool = Spool.open(state / SPOOL_FILE, config.spool.max_bytes)
    delivery = Delivery(
        spool,
        Client(config.collector),
        DeliveryPolicy.from_config(config),
        lambda: statefile.read_token(state),
    )
    spent: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.thread_time() - start

        return wrapper

    probers = dict(runner.PROBERS)

    def per_prober(name: str) -> Any:
        def task(target: str, module: Any, deadline: float) -> Any:
            return (
                yield from timed_task(
                    f"probe loop: {name} samples", probers[name](target, module, deadline)
                )
            )

        return task

    def timed_task(name: str, task: Any) -> Any:
        """Run `task`, adding the CPU of each of its resumptions (on the loop) to `name`."""
        value: Any = None
        error: BaseException | None = None
        while True:
            start = time.thread_time()
            try:
                step = task.send(value) if error is None else task.throw(error)
            except StopIteration as stop:
                return stop.value
            finally:
                spent[name] = spent.get(name, 0.0) + time.thread_time() - start
            try:
                value, error = (yield step), None
            except Exception as err:  # a call's failure or the loop's timeout: pass it on
                value, error = None, err

    def one(seq: int, inventory: bool) -> None:
        timed("hardware signature (procfs, every 300 s)", signature.changed)()
        report = timed("collect: all (main thread)", cycle.collect)(seq, inventory=inventory)
        body = timed("encode (json)", encode)(report)
        timed("spool.append (zlib + sqlite commit)", spool.append)("health", lambda s, d: body)
        timed("deliver (gzip + POST + settle)", delivery.flush)(time.monotonic() + 10)

    try:
        one(spool.next_seq(), inventory=True)  # warm-up: imports, the inventory
        runner.PROBERS.update({name: per_prober(name) for name in probers})
        registry.run = timed("collect: health collectors", registry.run)
        runner.run_probes = timed("collect: probes (the loop, all targets)", runner.run_probes)
        spent.clear()
        start = time.process_time()
        for _ in range(cycles):
            one(spool.next_seq(), inventory=False)
            time.sleep(0.3)
        total = time.process_time() - start
        print(
            f"\n## cpu: {cycles} health cycles in this process: {total * 1000 / cycles:.2f} ms"
            " CPU per cycle (all threads)"
        )
        print("| phase | CPU ms per cycle |\n|---|---:|")
        for name, seconds in spent.items():
            print(f"| {name} | {seconds * 1000 / cycles:.2f} |")
        _micro(ports[1])
    finally:
        runner.PROBERS.update(probers)
        spool.close()
        targets.stdin.close()
        targets.wait(10)


def _micro(web_port: int, n: int = 300) -> None:
    """The measurements behind the CPU proposals."""
    import gzip
    import http.client

    from agent.config import ModuleConfig
    from agent.probes.http import http_sample
    from agent.probes.loop import ProbeLoop
    from agent.spool import Spool

    module = ModuleConfig(prober="http", timeout_seconds=2)

    def per_call(fn: Any) -> float:
        start = time.thread_time()
        for _ in range(n):
            fn()
        return (time.thread_time() - start) * 1000 / n

    def with_http_client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=2)
        conn.request("GET", "/", headers={"Connection": "close"})
        conn.getresponse().read()
        conn.close()

    def with_socket() -> None:
        with socket.create_connection(("127.0.0.1", web_port), timeout=2) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            while sock.recv(65536):
                pass

    def with_prober() -> None:
        deadline = time.monotonic() + 2
        loop, ended = ProbeLoop(), []
        loop.start(http_sample(f"http://127.0.0.1:{web_port}/", module, deadline), deadline,
                   ended.append)  # fmt: skip
        while not ended:
            loop.poll(deadline)
        loop.close()

    spool = Spool.open(Path(tempfile.mkdtemp()) / "s.sqlite", 1 << 26)
    body = json.dumps([{"name": f"target{i}", "rtt": i / 7} for i in range(120)]).encode()
    rows = [
        (
            "one http GET with http.client (the prober's library before the probe loop)",
            per_call(with_http_client),
        ),
        ("one http GET on a bare socket", per_call(with_socket)),
        ("one http GET with the http prober, on a loop of its own", per_call(with_prober)),
        (
            "spool.settle recording an answer (its own commit)",
            per_call(lambda: spool.settle((), {}, answered=True)),
        ),
        (f"gzip level 6 of {len(body)} bytes", per_call(lambda: gzip.compress(body, 6))),
        (f"gzip level 1 of {len(body)} bytes", per_call(lambda: gzip.compress(body, 1))),
    ]
    spool.close()
    print("\n| micro-measurement | CPU ms |\n|---|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help="memory, imports, cpu (default: all)")
    parser.add_argument("--python", help="interpreter for memory and imports (clean venv)")
    parser.add_argument("--cycles", type=int, default=20)
    args = parser.parse_args()
    parts = args.parts or ["memory", "imports", "cpu"]
    if set(parts) - {"memory", "imports", "cpu"}:
        parser.error("parts are memory, imports and cpu")
    if "memory" in parts:
        memory(args.python, min(args.cycles, 8))
    if "imports" in parts:
        imports(args.python)
    if "cpu" in parts:
        cpu(args.cycles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
