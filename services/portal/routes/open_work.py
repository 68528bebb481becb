"""The public open-work board (no sign-in): product, quantity band, market and deadline of
orders still looking for enterprises, from intake's ``/v1/public/open-work``. The read
itself carries no client name or fee, so the page cannot show one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from services.portal import nav
from services.portal.client.categories import category_names
from services.portal.deps import PublicApi
from services.portal.i18n import N_, gettext
from services.portal.rendering import render

router = APIRouter()
nav.MENUS[nav.PUBLIC].insert(0, nav.NavItem("/open-work", N_("Open work")))

BANDS = {
    "under_500": N_("under 500 pieces"),
    "500_to_1999": N_("500 to 1,999 pieces"),
    "2000_to_9999": N_("2,000 to 9,999 pieces"),
    "10000_or_more": N_("10,000 pieces or more"),
}


@router.get("/open-work", include_in_schema=False)
async def open_work(
    request: Request, api: PublicApi, cursor: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    page = await api.intake.get("/v1/public/open-work", cursor=cursor, limit=30)
    context = {
        "items": page["items"],
        "next_cursor": page["next_cursor"],
        "first_page": not cursor,
        "names": await category_names(api, public=True),
        "band": lambda value: gettext(BANDS[value]) if value in BANDS else value,
    }
    return render(request, "open_work/board.html", context)
