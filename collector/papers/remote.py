"""A document fetched from a running collector's /reports with the viewer token."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from collector.papers.catalogue import Rendered
from collector.papers.errors import PaperError
from collector.secrets import read_secret

TIMEOUT_SECONDS = 600.0  # a city's handover records as PDF take minutes


def fetch(
    base_url: str,
    token_file: str,
    document: str,
    fmt: str,
    *,
    unit: str | None = None,
    lang: str = "vi",
    table: str | None = None,
    ca_file: str | None = None,
) -> Rendered:
    """GET `document`.`fmt` from the collector at `base_url`; refuse with its reason."""
    query = {k: v for k, v in (("unit", unit), ("lang", lang), ("table", table)) if v}
    url = f"{base_url.rstrip('/')}/reports/{document}.{fmt}?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {read_secret(token_file)}"}
    )
    context = ssl.create_default_context(cafile=ca_file) if ca_file else None
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS, context=context) as answer:
            body = answer.read()
            media_type = answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        raise PaperError(_refusal(base_url, err)) from err
    except (urllib.error.URLError, OSError) as err:
        raise PaperError(
            f"cannot reach the collector at {base_url}: {err}; is it running?"
        ) from err
    return Rendered(body, media_type, Path(urllib.parse.urlsplit(url).path).name)


def _refusal(base_url: str, err: urllib.error.HTTPError) -> str:
    try:
        reason = json.loads(err.read()).get("error", "")
    except (ValueError, AttributeError, OSError):
        reason = ""
    if err.code == 401:
        return (
            f"the collector at {base_url} refused the token (401): give the viewer token "
            "(its config's viewer_token_file) with --token-file"
        )
    return f"the collector at {base_url} answered {err.code}: {reason or err.reason}"
