"""`wardwatch-dashboards push` against a stand-in for Grafana's HTTP API.

Grafana's server cannot be installed here, so a small HTTP server on 127.0.0.1 plays the
part of the three endpoints the push uses (`GET /api/folders/UID`, `POST /api/folders`,
`POST /api/dashboards/db`) with Grafana's answers, and records every request; the tests
check the exact requests grafana-client sends: token, folders, and each dashboard's body.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from deployment import free_port
from panel_queries import dashboards

from dashboards.cli import main

TOKEN = "glsa_stand-in-token-0123456789"


class StandIn(ThreadingHTTPServer):
    """The stand-in Grafana: its folders, and every request it was sent."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.folders: dict[str, str] = {}
        self.requests: list[tuple[str, str, str, Any]] = []  # method, path, auth, body
        self.versions: dict[str, int] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: StandIn

    def log_message(self, format: str, *args: Any) -> None:  # the base's name
        """Keep the test output quiet."""

    def _answer(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        auth = self.headers.get("Authorization", "")
        self.server.requests.append((self.command, self.path, auth, body))
        return body

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") == f"Bearer {TOKEN}":
            return True
        self._answer(401, {"message": "invalid API key"})
        return False

    def do_GET(self) -> None:
        self._record()
        if not self._authorised():
            return
        uid = self.path.removeprefix("/api/folders/")
        if uid in self.server.folders:
            self._answer(200, {"uid": uid, "title": self.server.folders[uid]})
        else:
            self._answer(404, {"message": "folder not found", "status": "not-found"})

    def do_POST(self) -> None:
        body = self._record()
        if not self._authorised():
            return
        if self.path == "/api/folders":
            self.server.folders[body["uid"]] = body["title"]
            self._answer(200, {"uid": body["uid"], "title": body["title"], "id": 1})
        elif self.path == "/api/dashboards/db":
            uid = body["dashboard"]["uid"]
            self.server.versions[uid] = self.server.versions.get(uid, 0) + 1
            version = self.server.versions[uid]
            self._answer(200, {"id": 1, "uid": uid, "status": "success", "version": version})
        else:
            self._answer(404, {"message": "not found"})


@pytest.fixture
def grafana() -> Iterator[StandIn]:
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def token_file(tmp_path: Path, text: str = TOKEN + "\n") -> Path:
    path = tmp_path / "grafana.token"
    path.write_text(text)
    return path


def push(url: str, token: Path, *extra: str) -> int:
    return main([*extra, "push", "--url", url, "--token-file", str(token)])


def test_a_push_makes_both_folders_then_stores_every_dashboard_over_what_was_there(
    grafana: StandIn, tmp_path: Path
) -> None:
    assert push(grafana.url, token_file(tmp_path)) == 0

    folders = [(m, p, body) for m, p, _, body in grafana.requests if "folders" in p]
    assert folders == [
        ("GET", "/api/folders/wardwatch", None),
        ("POST", "/api/folders", {"title": "wardwatch", "uid": "wardwatch"}),
        ("GET", "/api/folders/wardwatch-en", None),
        ("POST", "/api/folders", {"title": "wardwatch (English)", "uid": "wardwatch-en"}),
    ]
    stored = [body for _, p, _, body in grafana.requests if p == "/api/dashboards/db"]
    expected = [
        {"dashboard": doc, "folderUid": folder, "overwrite": True,
         "message": "wardwatch-dashboards push"}
        for lang, folder in (("vi", "wardwatch"), ("en", "wardwatch-en"))
        for doc in (dashboards(lang)[name] for name in (
            "city-overview", "unit-detail", "machine-detail", "link-heatmap", "collector-health"))
    ]  # fmt: skip
    assert stored == expected
    assert {auth for _, _, auth, _ in grafana.requests} == {f"Bearer {TOKEN}"}


def test_a_second_push_finds_the_folders_and_replaces_the_dashboards(
    grafana: StandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    push(grafana.url, token_file(tmp_path))
    grafana.requests.clear()

    assert push(grafana.url, token_file(tmp_path), "--lang", "en") == 0

    assert [p for m, p, _, _ in grafana.requests if m == "POST"] == ["/api/dashboards/db"] * 10
    assert set(grafana.versions.values()) == {2}
    out = capsys.readouterr().out
    assert "wardwatch: City overview (wardwatch-city-en, v2)" in out
    assert out.rstrip().endswith("pushed 10 dashboards")


def test_a_refused_token_says_which_role_it_needs(
    grafana: StandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = push(grafana.url, token_file(tmp_path, "glsa_wrong\n"), "--lang", "en")

    assert status == 2
    assert "refused the token (401): it needs the Editor role" in capsys.readouterr().err
    assert [p for m, p, _, _ in grafana.requests if m == "POST"] == []


def test_an_unreachable_grafana_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}"

    assert push(url, token_file(tmp_path)) == 2
    assert f"không kết nối được Grafana tại {url}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [("\n", "is empty: put a Grafana service account token in it"),
     (None, "cannot read the token file")],
)  # fmt: skip
def test_a_missing_or_empty_token_file_is_refused_before_any_request(
    grafana: StandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    text: str | None, message: str,
) -> None:  # fmt: skip
    path = token_file(tmp_path, text) if text is not None else tmp_path / "absent.token"

    assert push(grafana.url, path, "--lang", "en") == 2
    assert message in capsys.readouterr().err
    assert grafana.requests == []
