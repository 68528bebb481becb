"""Federation (admin) pages: the county × week load heat map (the federation's home),
unmatched orders with their reasons, seasons, the providers registry and organisations
with secret rotation. Each calls intake, matching or the balancer with the admin's token."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import balancer_forms, heatmap, nav
from services.portal.client import UserApi
from services.portal.client.categories import category_names
from services.portal.deps import AdminApi, Form
from services.portal.i18n import N_, gettext
from services.portal.rendering import render

router = APIRouter(prefix="/federation")

nav.add("admin", "/federation", N_("Load"))
nav.add("admin", "/federation/unmatched", N_("Unmatched orders"))
nav.add("admin", "/federation/seasons", N_("Seasons"))
nav.add("admin", "/federation/providers", N_("Providers"))
nav.add("admin", "/federation/organisations", N_("Organisations"))

# Intake's history line for an OrderUnmatched (services/intake/domain/progress.py).
UNMATCHED = re.compile(r"^(\d+) units could not be placed: (.+)$")
# Who owns each kind of organisation's secret: (service, path of its collection).
ROTATIONS = {
    "office": ("intake", "/v1/offices"),
    "admin": ("intake", "/v1/admins"),
    "provider": ("matching", "/v1/providers"),
}


@router.get("", include_in_schema=False)
async def load(request: Request, api: AdminApi) -> Response:
    rows = await api.balancer.get("/v1/load/counties")
    data = heatmap.chart_data(rows)
    context = {"chart": data, "chart_json": heatmap.script_json(data)}
    return render(request, "federation/load.html", context)


@router.get("/unmatched", include_in_schema=False)
async def unmatched(request: Request, api: AdminApi, cursor: str = "") -> Response:
    page = await api.intake.get("/v1/orders", status="UNMATCHED", cursor=cursor[:500], limit=30)
    details = await asyncio.gather(
        *(api.intake.get(f"/v1/orders/{o['id']}") for o in page["items"])
    )
    offices = {o["id"]: o["name"] for o in await api.intake.get("/v1/offices")}
    context = {
        "orders": [_with_reason(order) for order in details],
        "offices": offices,
        "next_cursor": page["next_cursor"],
        "names": await category_names(api),
    }
    return render(request, "federation/unmatched.html", context)


@router.get("/seasons", include_in_schema=False)
async def seasons(request: Request, api: AdminApi) -> Response:
    return await _seasons(request, api)


@router.post("/seasons", include_in_schema=False)
async def define_season(request: Request, api: AdminApi, form: Form) -> Response:
    done, errors = await balancer_forms.send(
        api.balancer,
        "/v1/seasons",
        balancer_forms.season(form),
        balancer_forms.SEASON_FIELDS,
        "/federation/seasons?done=defined",
    )
    return done or await _seasons(request, api, form, errors)


@router.get("/providers", include_in_schema=False)
async def providers(request: Request, api: AdminApi, county: str = "") -> Response:
    found = await api.matching.get("/v1/providers", county=county[:40], limit=1000)
    context = {
        "providers": sorted(found, key=lambda p: (p["county"], p["name"])),
        "county": county,
        "names": await category_names(api),
    }
    return render(request, "federation/providers.html", context)


@router.get("/organisations", include_in_schema=False)
async def organisations(request: Request, api: AdminApi) -> Response:
    offices, admins = await asyncio.gather(
        api.intake.get("/v1/offices"), api.intake.get("/v1/admins")
    )
    context = {"offices": offices, "admins": admins}
    return render(request, "federation/organisations.html", context)


@router.post("/organisations/{kind}/{org_id}/secret", include_in_schema=False)
async def rotate_secret(
    request: Request, kind: str, org_id: uuid.UUID, api: AdminApi, form: Form
) -> Response:
    """The new secret is in this one answer only (never stored by the portal, never in
    a URL, not cached): the page says so."""
    if kind not in ROTATIONS:
        return RedirectResponse("/federation/organisations", status_code=303)
    service, path = ROTATIONS[kind]
    made = await getattr(api, service).post(f"{path}/{org_id}/secret")
    context = {"kind": kind, "org_id": str(org_id), "secret": made["secret"]}
    answer = render(request, "federation/secret.html", context)
    answer.headers["Cache-Control"] = "no-store"
    return answer


def _with_reason(order: dict[str, Any]) -> dict[str, Any]:
    """The order with ``shortfall`` and ``reason`` from its latest unmatched history line
    (the reason stays as matching said it when the portal has no translation for it)."""
    order["shortfall"], order["reason"] = None, ""
    for line in reversed(order.get("history", [])):
        if found := UNMATCHED.match(line.get("reason", "")):
            order["shortfall"], order["reason"] = int(found[1]), found[2]
            break
    return order


async def _seasons(
    request: Request,
    api: UserApi,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    done = request.query_params.get("done") == "defined" and not errors
    context = {
        "seasons": sorted(
            await api.balancer.get("/v1/seasons"), key=lambda s: s["start"], reverse=True
        ),
        "notice": gettext(N_("Season defined: the load map counts it now.")) if done else "",
        "v": typed or {"factor": "0.6"},
        "errors": errors or {},
    }
    return render(request, "federation/seasons.html", context, status_code=422 if errors else 200)
