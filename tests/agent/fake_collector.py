"""A real threaded HTTP collector on 127.0.0.1 for delivery tests, scripted per request.

Each POST to /api/v1/reports consumes the next action of `script` (default: "accept"):
  accept           store new seqs, acknowledge them and duplicates
  close            read the request, then drop the connection without an answer
  commit_close     store and acknowledge, then drop the connection (a lost ACK)
  hold             set `held`, wait for `release`, then drop the connection
  commit_hold      store, set `held`, wait for `release`, then drop the connection
  (code, headers)  answer status `code` with those headers and {"error": ...}
  (code, headers, body)  answer status `code` with those headers and the bytes `body`
Requests over `max_batch` reports get 413; seqs in `poison` are rejected. A set `stale_after`
goes into every JSON answer as the collector's `stale_after_seconds`.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import ssl
import threading
from collections import deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from contract import report

AGENT_ID = "a" * 32
IDENTITY = report.Identity(AGENT_ID, "b" * 32, "generated", "c" * 64, ())
PLACEMENT = report.Placement("pc-01", "26734", "workstation")


def report_bytes(seq: int, dropped: int = 0, kind: str = "health") -> bytes:
    """Build a tiny but real encoded report (agent.report.build) with `seq`."""
    built = report.build(
        identity=IDENTITY,
        placement=PLACEMENT,
        seq=seq,
        collected_at=datetime(2025, 7, 1, tzinfo=UTC),
        kind=kind,
        values={},
        probes=[],
        collectors={},
        dropped_reports=dropped,
    )
    return report.encode(built)


def closed_port() -> int:
    """Return a loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeCollector:
    """The collector's side of the wire protocol, recording every report it receives."""

    def __init__(
        self,
        token: str = "t0ken",
        secrets: dict[str, str] | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.token = token
        self.secrets = secrets if secrets is not None else {"26734": "s3cret"}
        self.script: deque[Any] = deque()
        self.max_batch: int | None = None
        self.poison: set[int] = set()
        self.ward: str | None = None  # if set, reports naming another unit are refused
        self.push_config: dict[str, Any] | None = None
        self.stale_after: float | None = None
        self.enroll_answer: tuple[int, dict[str, str], bytes] | None = None  # raw, if set
        self.stored: dict[int, dict[str, Any]] = {}  # the dedup view: seq -> report
        self.received: list[int] = []  # every seq in every request, duplicates included
        self.batches: list[list[int]] = []
        self.enrollments: list[dict[str, Any]] = []
        self.held, self.release = threading.Event(), threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # killed clients are expected
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> FakeCollector:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def refuse(self, count: int, action: Any = (503, {})) -> None:
        """Answer the next `count` report requests with `action` instead of accepting."""
        self.script.extend([action] * count)

    def take_reports(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Store new reports, acknowledge duplicates too, reject poisoned seqs."""
        acknowledged, rejected = [], []
        with self.lock:
            for item in payload["reports"]:
                seq = item.get("seq")
                self.received.append(seq)
                if seq in self.poison:
                    rejected.append({"seq": seq, "reason": "poisoned for the test"})
                    continue
                if self.ward is not None and item.get("ward") != self.ward:
                    rejected.append({"seq": seq, "status": 403, "cause": "ward_mismatch",
                                     "reason": f"enrolled in {self.ward}"})  # fmt: skip
                    continue
                self.stored.setdefault(seq, item)
                acknowledged.append(seq)
        return {"acknowledged": acknowledged, "rejected": rejected, "config": self.push_config}

    def enroll(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Check the ward's secret; answer the token and the highest seq held."""
        self.enrollments.append(payload)
        if self.secrets.get(payload.get("ward", "")) != payload.get("secret"):
            return 403, {"error": "bad secret"}
        last = max(self.stored, default=0)
        answer = {"agent_id": payload["agent_id"], "token": self.token, "last_seq": last}
        return 200, answer | ({"config": self.push_config} if self.push_config else {})


def _handler(fake: FakeCollector) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
            payload = json.loads(raw)
            if self.path == "/api/v1/enroll" and fake.enroll_answer is not None:
                self._raw(*fake.enroll_answer)
            elif self.path == "/api/v1/enroll":
                self._answer(*fake.enroll(payload))
            elif self.path != "/api/v1/reports":
                self._answer(404, {"error": "no such path"})
            elif self.headers.get("Authorization") != f"Bearer {fake.token}":
                self._answer(401, {"error": "unknown token"})
            else:
                self._reports(payload)

        def _reports(self, payload: dict[str, Any]) -> None:
            with fake.lock:
                fake.batches.append([item.get("seq") for item in payload["reports"]])
                action = fake.script.popleft() if fake.script else "accept"
            if fake.max_batch is not None and len(payload["reports"]) > fake.max_batch:
                self._answer(413, {"error": "batch too large"})
            elif isinstance(action, tuple) and len(action) == 3:
                self._raw(*action)
            elif isinstance(action, tuple):
                self._answer(action[0], {"error": f"scripted {action[0]}"}, action[1])
            elif action == "accept":
                self._answer(200, fake.take_reports(payload))
            else:
                if action.startswith("commit"):
                    fake.take_reports(payload)
                if action.endswith("hold"):
                    fake.held.set()
                    fake.release.wait(30)
                self._drop()

        def _answer(self, status: int, body: dict[str, Any], headers: Any = None) -> None:
            told = {} if fake.stale_after is None else {"stale_after_seconds": fake.stale_after}
            self._raw(status, headers or {}, json.dumps(body | told).encode())

        def _raw(self, status: int, headers: dict[str, str], data: bytes) -> None:
            with contextlib.suppress(OSError):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def _drop(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

    return Handler
