"""Public pages, no sign-in: the case's information zones (brokers, products, liaison
offices). They call the services' ``/v1/public`` reads, which need no token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from services.portal.client.categories import category_names
from services.portal.deps import PublicApi
from services.portal.rendering import render

router = APIRouter()


@router.get("/categories", include_in_schema=False)
async def categories(request: Request, api: PublicApi) -> Response:
    found = await api.intake.get("/v1/public/categories")
    return render(request, "public/categories.html", {"categories": found})


@router.get("/offices", include_in_schema=False)
async def offices(request: Request, api: PublicApi) -> Response:
    found = await api.intake.get("/v1/public/offices")
    return render(request, "public/offices.html", {"offices": found})


@router.get("/brokers", include_in_schema=False)
async def brokers(
    request: Request, api: PublicApi, county: Annotated[str, Query(max_length=40)] = ""
) -> Response:
    found = await api.matching.get("/v1/public/brokers", county=county)
    context = {"brokers": found, "county": county, "names": await category_names(api, public=True)}
    return render(request, "public/brokers.html", context)
