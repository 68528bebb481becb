"""Federation (admin) page: who the money reached. Per year (and county, or the whole
region): the processing fees enterprises earned and the estimated share that reached
members of low-income households, reservoir migrants, relocated farmers and disabled
workers, beside the case's 2010 figures for Lishui; then month by month. From
settlement's ``GET /v1/impact``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal import nav
from services.portal.deps import AdminApi
from services.portal.i18n import N_
from services.portal.i18n.labels import options
from services.portal.rendering import render
from shared.region import clock

router = APIRouter(prefix="/federation")
nav.add("admin", "/federation/impact", N_("Who the money reached"))

# (the figure's key, its label) for each group the case names.
GROUPS = [
    ("low_income", N_("Members of low-income households")),
    ("reservoir_migrants", N_("Reservoir migrants")),
    ("relocated_farmers", N_("Relocated farmers")),
    ("disabled", N_("Disabled workers")),
]
WORKERS = {
    "low_income": "low_income_workers",
    "reservoir_migrants": "reservoir_migrant_workers",
    "relocated_farmers": "relocated_farmer_workers",
    "disabled": "disabled_workers",
}


@router.get("/impact", include_in_schema=False)
async def impact(request: Request, api: AdminApi, year: str = "", county: str = "") -> Response:
    this_year = clock.today().year
    chosen = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else this_year
    county = county if county in dict(options("county")) else ""
    params: dict[str, Any] = {"year": chosen, **({"county": county} if county else {})}
    found = await api.settlement.get("/v1/impact", **params)
    context = {
        "year": chosen,
        "years": list(range(this_year, this_year - 5, -1)),
        "county": county,
        "totals": found["totals"],
        "months": found["months"],
        "case": found["case_2010"],
        "groups": [(key, label, WORKERS[key]) for key, label in GROUPS],
    }
    return render(request, "federation/impact.html", context)
