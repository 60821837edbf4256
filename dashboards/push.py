"""Push the generated dashboards to a Grafana server through its HTTP API (grafana-client).

Each language's dashboards go into their folder (created when missing), the same folders
the file provisioning (dashboards/provisioning/) makes, with `overwrite`: a push replaces
what an earlier one left, and the fixed uids make it the same dashboards each time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grafana_client import GrafanaApi
from grafana_client.client import GrafanaClientError, GrafanaException
from niquests.exceptions import RequestException

from dashboards.catalogue import DASHBOARDS
from dashboards.output import encode
from dashboards.text import LANGS, Lang, Text

# uid and title of each language's folder
FOLDERS: dict[Lang, tuple[str, str]] = {
    "vi": ("wardwatch", "wardwatch"),
    "en": ("wardwatch-en", "wardwatch (English)"),
}
MESSAGE = "wardwatch-dashboards push"


class PushError(Exception):
    """Grafana refused or could not be reached: what happened, in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


@dataclass(frozen=True)
class Pushed:
    """One dashboard Grafana stored: its uid, title and the version it now has."""

    uid: str
    title: str
    version: int


def read_token(path: Path) -> str:
    """Return the API token in `path` (one line), or raise PushError saying what is wrong."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as err:
        unreadable = Text(f"không đọc được tệp token {path}: {err.strerror}",
                          f"cannot read the token file {path}: {err.strerror}")  # fmt: skip
        raise PushError(unreadable) from err
    if not token:
        raise PushError(Text(f"tệp token {path} trống: ghi token của tài khoản dịch vụ Grafana",
                             f"the token file {path} is empty: put a Grafana service account "
                             "token in it"))  # fmt: skip
    return token


def payloads() -> Iterator[dict[str, Any]]:
    """Yield the body of each dashboard's `POST /api/dashboards/db`, in file order."""
    for lang in LANGS:
        for build in DASHBOARDS.values():
            dashboard = json.loads(encode(build(lang).build()))
            yield {"dashboard": dashboard, "folderUid": FOLDERS[lang][0], "overwrite": True,
                   "message": MESSAGE}  # fmt: skip


def push(api: GrafanaApi, on_done: Callable[[Pushed], None] = lambda _: None) -> list[Pushed]:
    """Make the folders if missing, then store every dashboard in its own; report each."""
    try:
        ensure_folders(api)
        done = []
        for payload in payloads():
            answer = api.dashboard.update_dashboard(payload)
            done.append(Pushed(answer["uid"], payload["dashboard"]["title"], answer["version"]))
            on_done(done[-1])
        return done
    except GrafanaException as err:
        raise refused(api, err) from err
    except RequestException as err:  # grafana-client lets connection failures through
        raise unreachable(api, str(err)) from err


def ensure_folders(api: GrafanaApi) -> None:
    """Create each language's folder unless Grafana has it."""
    for uid, title in FOLDERS.values():
        try:
            api.folder.get_folder(uid)
        except GrafanaClientError as err:
            if err.status_code != 404:
                raise
            api.folder.create_folder(title, uid=uid)


def refused(api: GrafanaApi, err: GrafanaException) -> PushError:
    """Say what Grafana's answer means and what to do next."""
    where = api.url
    if err.status_code == 0:
        return unreachable(api, err.message)
    if err.status_code in (401, 403):
        return PushError(Text(f"Grafana tại {where} từ chối token ({err.status_code}): cần token "
                              "có quyền Editor trên thư mục", f"Grafana at {where} refused the "
                              f"token ({err.status_code}): it needs the Editor role on the "
                              "folder"))  # fmt: skip
    status = err.status_code
    return PushError(Text(f"Grafana tại {where} trả lời {status}: {err.message}",
                          f"Grafana at {where} answered {status}: {err.message}"))  # fmt: skip


def unreachable(api: GrafanaApi, reason: str) -> PushError:
    """Say that Grafana did not answer, and why."""
    where = api.url
    return PushError(Text(f"không kết nối được Grafana tại {where} (kiểm tra --url): {reason}",
                          f"cannot reach Grafana at {where} (check --url): {reason}"))  # fmt: skip


def connect(url: str, token: str, timeout_seconds: float = 10.0) -> GrafanaApi:
    """Return a Grafana API client for `url` authenticating with `token`."""
    return GrafanaApi.from_url(url, credential=token, timeout=timeout_seconds)
