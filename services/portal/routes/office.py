"""Liaison office pages: orders (list, new, detail, amend, cancel) and clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from services.portal.deps import OfficeApi
from services.portal.rendering import render

router = APIRouter(prefix="/office")


@router.get("/orders", include_in_schema=False)
async def orders(
    request: Request,
    api: OfficeApi,
    status: Annotated[str, Query(max_length=40)] = "",
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    page = await api.intake.get("/v1/orders", status=status, cursor=cursor, limit=30)
    context = {"orders": page["items"], "next_cursor": page["next_cursor"], "status": status}
    return render(request, "office/orders.html", context)
