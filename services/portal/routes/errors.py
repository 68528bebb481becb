"""Exceptions -> pages: an expired session goes to the login page, a missing (or not
yours) object is the 404 page, a service outage a 503 page; never a stack trace."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.client import (
    BackendUnavailable,
    Conflict,
    Forbidden,
    PageNotFound,
    SessionExpired,
)
from services.portal.deps import CsrfFailed
from services.portal.rendering import render, session_of


def login_redirect(request: Request, *, expired: bool) -> RedirectResponse:
    back = request.url.path if request.method == "GET" else ""
    query = "expired=1" if expired else ""
    if back and back != "/":
        query += ("&" if query else "") + "next=" + quote(back, safe="/")
    return RedirectResponse(f"/login?{query}" if query else "/login", status_code=303)


async def _session_expired(request: Request, exc: Exception) -> Response:
    session = session_of(request)
    was_signed_in = session.signed_in
    if was_signed_in:
        session.sign_out()
    return login_redirect(request, expired=was_signed_in)


async def _not_found(request: Request, exc: Exception) -> Response:
    return render(request, "errors/404.html", status_code=404)


async def _forbidden(request: Request, exc: Exception) -> Response:
    return render(request, "errors/403.html", status_code=403)


async def _csrf(request: Request, exc: Exception) -> Response:
    return render(request, "errors/csrf.html", status_code=403)


async def _conflict(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, Conflict) else ""
    return render(request, "errors/conflict.html", {"message": message}, status_code=409)


async def _unavailable(request: Request, exc: Exception) -> Response:
    return render(request, "errors/unavailable.html", status_code=503)


async def _http(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    if status == 404:
        return await _not_found(request, exc)
    return render(request, "errors/unavailable.html", status_code=status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(SessionExpired, _session_expired)
    app.add_exception_handler(PageNotFound, _not_found)
    # A malformed id in a URL names no object: the same 404 page as another's order.
    app.add_exception_handler(RequestValidationError, _not_found)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(CsrfFailed, _csrf)
    app.add_exception_handler(Conflict, _conflict)
    app.add_exception_handler(BackendUnavailable, _unavailable)
    app.add_exception_handler(StarletteHTTPException, _http)
