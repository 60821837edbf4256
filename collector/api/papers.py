"""`/reports/`: the documents for officials, for the viewer token (or the admin's).

A browser asks for the token as the password of HTTP basic auth (any user name); a script
sends it as a bearer token. The index lists every unit and links to its documents.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from collector.papers import index_html
from collector.papers.catalogue import render
from collector.papers.errors import PaperError, PdfWriterStopped, UnknownUnit
from collector.papers.names import Document, Format
from collector.papers.pdf_process import PdfProcess
from collector.papers.sources import from_runtime
from collector.runtime import Runtime
from collector.tokens import reads_papers

router = APIRouter(prefix="/reports", tags=["reports"])
CHALLENGE = {"WWW-Authenticate": 'Basic realm="wardwatch reports", charset="UTF-8"'}
Lang = Literal["vi", "en"]
UnitCode = Annotated[str | None, Query(max_length=200, description="one unit's code")]
TableName = Annotated[str | None, Query(max_length=40, description="the CSV's table")]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def papers_runtime(request: Request) -> Runtime:
    """Return the runtime if the request carries the viewer's or the admin's token."""
    runtime: Runtime = request.app.state.runtime
    authorization = request.headers.get("authorization", "")
    if not reads_papers(authorization, runtime.viewer_token_hash, runtime.admin_token_hash):
        raise HTTPException(
            401, "the viewer token is required (collector config: viewer_token_file)", CHALLENGE
        )
    return runtime


@router.get("/", response_class=HTMLResponse, responses={401: {}})
def index(
    lang: Lang = "vi",
    runtime: Runtime = Depends(papers_runtime),  # noqa: B008
) -> HTMLResponse:
    """List the units and their documents."""
    return HTMLResponse(index_html.to_page(from_runtime(runtime), lang))


@router.get(
    "/{document}.{fmt}",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/html": {},
                "application/pdf": {},
                "text/csv": {},
                "application/json": {},
            }
        },
        401: {},
        404: {},
        422: {},
        503: {},
    },
)
def document(
    document: Document,
    fmt: Format,
    request: Request,
    unit: UnitCode = None,
    lang: Lang = "vi",
    table: TableName = None,
    runtime: Runtime = Depends(papers_runtime),  # noqa: B008
) -> Response:
    """Write one document (for one unit, or the city) in one format."""
    pdf: PdfProcess = request.app.state.pdf_process
    try:
        written = render(
            document, fmt, from_runtime(runtime), unit=unit, lang=lang, table=table, pdf=pdf
        )
    except UnknownUnit as err:
        raise HTTPException(404, str(err)) from err
    except PdfWriterStopped as err:
        raise HTTPException(503, str(err)) from err
    except PaperError as err:
        raise HTTPException(422, str(err)) from err
    disposition = "inline" if fmt in ("html", "pdf", "json") else "attachment"
    filename = _UNSAFE.sub("-", written.filename)
    headers = {"Content-Disposition": f'{disposition}; filename="{filename}"'}
    return Response(written.body, media_type=written.media_type, headers=headers)
