"""Files the services render (PDF, xlsx, CSV) passed on to the browser as they came: the
portal fetched them with the signed-in user's token, so no page ever holds a bearer token."""

from __future__ import annotations

import httpx
from fastapi.responses import Response

# The only file kinds a page links to; anything else in a path is a 404 before any call.
FORMATS = ("pdf", "xlsx", "csv")


def passed_on(answer: httpx.Response) -> Response:
    headers = {"Cache-Control": "private, no-store"}  # someone's money: never in a shared cache
    disposition = answer.headers.get("content-disposition")
    if disposition:
        headers["Content-Disposition"] = disposition
    media = answer.headers.get("content-type", "application/octet-stream")
    return Response(answer.content, media_type=media, headers=headers)
