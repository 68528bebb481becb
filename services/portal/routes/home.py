"""The front page: what procnet is, the public information zones, and the way in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import nav
from services.portal.deps import SessionDep
from services.portal.rendering import render

router = APIRouter()


@router.get("/", include_in_schema=False)
async def home(request: Request, session: SessionDep) -> Response:
    if session.signed_in and not session.expired and nav.home_path(session.role) != "/":
        return RedirectResponse(nav.home_path(session.role), status_code=303)
    return render(request, "home.html")
