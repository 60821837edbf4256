"""Headless Chromium (Debian's /usr/bin/chromium) driven over the DevTools protocol: open a
page, read the text it shows, take a screenshot. Only loopback and file:// pages."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

STARTUP_SECONDS = 30.0


class Chromium:
    """One headless browser with a profile of its own in `directory`; stop() ends it."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("chromium") or "/usr/bin/chromium"
        profile = directory / "profile"
        self.log = directory / "chromium.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                 f"--user-data-dir={profile}", "about:blank"],
                stdout=log, stderr=log,
            )  # fmt: skip
        self.port = self._port(profile / "DevToolsActivePort")
        self._id = 0

    def _port(self, marker: Path) -> int:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not marker.exists() or not marker.read_text().strip():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        return int(marker.read_text().split()[0])

    def _page(self) -> ClientConnection:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=10) as got:
            targets = json.load(got)
        page = next(t for t in targets if t["type"] == "page")
        return connect(page["webSocketDebuggerUrl"], max_size=64 * 2**20, open_timeout=10)

    def _call(self, ws: ClientConnection, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv(timeout=60))
            if message.get("id") == self._id:
                assert "error" not in message, message
                return dict(message.get("result", {}))

    def open(self, url: str, screenshot: Path, width: int = 1280) -> str:
        """Load `url`, save a full-page screenshot, and return the text the page shows."""
        with self._page() as ws:
            self._call(ws, "Page.enable")
            self._call(ws, "Emulation.setDeviceMetricsOverride", width=width, height=900,
                       deviceScaleFactor=1, mobile=False)  # fmt: skip
            self._call(ws, "Page.navigate", url=url)
            self._wait_loaded(ws)
            shown = self._call(ws, "Runtime.evaluate", expression="document.body.innerText",
                               returnByValue=True)  # fmt: skip
            shot = self._call(
                ws, "Page.captureScreenshot", format="png", captureBeyondViewport=True
            )
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        return str(shown["result"]["value"])

    def _wait_loaded(self, ws: ClientConnection) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = self._call(ws, "Runtime.evaluate", expression="document.readyState",
                               returnByValue=True)  # fmt: skip
            if state["result"].get("value") == "complete":
                return
            time.sleep(0.1)
        raise AssertionError("the page did not finish loading")

    def stop(self) -> None:
        """End the browser."""
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
