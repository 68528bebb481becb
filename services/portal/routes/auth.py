"""Sign in with the organisation's id (or short code) and secret, sign out, switch language.

The portal keeps no credentials: it trades the secret at the owning service's
``POST /v1/token`` (intake for offices and the federation's admins, matching for
providers) and keeps the token in the signed session cookie. The role shown and checked
is the one the token carries (intake answers for two kinds of organisation).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import jwt
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import nav
from services.portal.client import FieldErrors, SessionExpired, UserApi
from services.portal.deps import Form, PublicApi, SessionDep
from services.portal.i18n import LANG_COOKIE, LANGUAGES, N_, gettext
from services.portal.rendering import render
from shared.http.client_address import FORWARDED_FOR, client_address
from shared.identity import Role

router = APIRouter()
SHORT_CODE = re.compile(r"^[0-9a-f]{8}$")
# Where organisations trade their secrets, tried in this order.
EXCHANGES: tuple[str, ...] = ("intake", "matching")
LANG_COOKIE_AGE_S = 365 * 24 * 3600


@router.get("/login", include_in_schema=False)
async def login_page(request: Request, expired: bool = False, next: str = "") -> Response:
    return render(request, "auth/login.html", {"expired": expired, "next": _safe(next)})


@router.post("/login", include_in_schema=False)
async def login(request: Request, form: Form, session: SessionDep, api: PublicApi) -> Response:
    org, secret = str(form.get("org", "")).strip().lower(), str(form.get("secret", ""))
    name = _credential(org)
    errors: dict[str, str] = {}
    if name is None:
        errors["org"] = gettext(N_("Enter your organisation's id or its 8-character short code"))
    if not secret:
        errors["secret"] = gettext(N_("Enter your secret"))
    if not errors:
        found = await _exchange(api, {**(name or {}), "secret": secret}, client_address(request))
        if found is None:
            errors["org"] = gettext(N_("Unknown organisation or wrong secret"))
        else:
            token = found
            claims = jwt.decode(token, options={"verify_signature": False})
            role = Role(claims["role"])
            session.sign_in(token, claims["sub"], role, claims.get("name", ""), claims["exp"])
            target = _safe(str(form.get("next", ""))) or nav.home_path(role.value)
            return RedirectResponse(target, status_code=303)
    context = {"errors": errors, "org": org, "next": _safe(str(form.get("next", "")))}
    return render(request, "auth/login.html", context, status_code=422)


@router.post("/logout", include_in_schema=False)
async def logout(form: Form, session: SessionDep) -> Response:
    session.sign_out()
    return RedirectResponse("/", status_code=303)


@router.get("/lang/{lang}", include_in_schema=False)
async def switch_language(lang: str, next: str = "/") -> Response:
    """Remembered in a cookie for a year; a plain link, so it works without scripts."""
    answer = RedirectResponse(_safe(next) or "/", status_code=303)
    if lang in LANGUAGES:
        answer.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE_S, samesite="lax")
    return answer


def _credential(org: str) -> dict[str, str] | None:
    try:
        return {"org_id": str(uuid.UUID(org))}
    except ValueError:
        return {"code": org} if SHORT_CODE.match(org) else None


async def _exchange(api: UserApi, body: dict[str, Any], address: str) -> str | None:
    # The person's own address, so the services' failure limits count per person and not
    # for the portal as a whole (shared/http/client_address.py).
    forwarded = {FORWARDED_FOR: address}
    for service in EXCHANGES:
        client = getattr(api, service)
        try:
            answer = await client.post("/v1/token", json=body, headers=forwarded)
        except (SessionExpired, FieldErrors):
            continue  # not this service's organisation (or a service without short codes)
        return str(answer["access_token"])
    return None


def _safe(target: str) -> str:
    """Only a path on this site (never ``//elsewhere`` or a full URL): no open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else ""
