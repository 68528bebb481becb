"""Broker capacity pages: base units a day per product, calendar exceptions (tea-picking
leave, holidays, extra shifts) and the free capacity of the next 8 weeks as an ECharts chart
(served by the portal itself), all through matching's provider API with the broker's token."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from services.portal import capacity_forms, nav
from services.portal.client import FieldErrors, PageNotFound, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, ProviderApi
from services.portal.i18n import N_, gettext
from services.portal.rendering import done_notice, render, session_of
from shared.region import clock

router = APIRouter(prefix="/broker")
nav.add("provider", "/broker/capacity", N_("Capacity"))
nav.add("provider", "/broker/calendar", N_("Calendar"))

WEEKS = 8
NOTICES = {
    "capacity": N_("Capacity saved."),
    "added": N_("Exception added: matching plans with it from now on."),
    "removed": N_("Exception removed."),
}


@router.get("/capacity", include_in_schema=False)
async def capacity(
    request: Request, api: ProviderApi, category: Annotated[str, Query(max_length=60)] = ""
) -> Response:
    return await _capacity(request, api, category)


@router.post("/capacity/{category}", include_in_schema=False)
async def set_capacity(request: Request, category: str, api: ProviderApi, form: Form) -> Response:
    provider = await _provider(request, api)
    if category not in provider["categories"]:
        raise PageNotFound(404, "not a product of this enterprise")
    value, errors = capacity_forms.check_capacity(form)
    if not errors:
        try:
            await api.matching.put(
                f"/v1/providers/{provider['id']}/capacity/{category}",
                json={"units_per_day": value},
            )
            return RedirectResponse(
                f"/broker/capacity?category={category}&done=capacity", status_code=303
            )
        except FieldErrors:
            errors = {"units_per_day": gettext(capacity_forms.WHOLE)}
    failed = (category, form, errors)
    return await _capacity(request, api, category, failed=failed, status_code=422)


@router.get("/calendar", include_in_schema=False)
async def calendar(request: Request, api: ProviderApi) -> Response:
    return await _calendar(request, api, {}, {})


@router.post("/calendar", include_in_schema=False)
async def add_exception(request: Request, api: ProviderApi, form: Form) -> Response:
    provider = await _provider(request, api)
    body, errors = capacity_forms.check_exception(form, list(provider["categories"]))
    if not errors:
        try:
            await api.matching.post(f"/v1/providers/{provider['id']}/calendar", json=body)
            return RedirectResponse("/broker/calendar?done=added", status_code=303)
        except FieldErrors as refused:
            errors = capacity_forms.service_errors(refused.fields)
    return await _calendar(request, api, form, errors, status_code=422)


@router.post("/calendar/{exception_id}/remove", include_in_schema=False)
async def remove_exception(
    request: Request, exception_id: uuid.UUID, api: ProviderApi, form: Form
) -> Response:
    org = session_of(request).org_id
    await api.matching.delete(f"/v1/providers/{org}/calendar/{exception_id}")
    return RedirectResponse("/broker/calendar?done=removed", status_code=303)


async def _provider(request: Request, api: UserApi) -> dict[str, Any]:
    found: dict[str, Any] = await api.matching.get(f"/v1/providers/{session_of(request).org_id}")
    return found


def weekly(days: list[dict[str, Any]], first: date) -> list[dict[str, Any]]:
    """The days summed by week from ``first``: what the chart's table says in words."""
    weeks: list[dict[str, Any]] = []
    for d in days:
        index = (date.fromisoformat(d["day"]) - first).days // 7
        while len(weeks) <= index:
            start = first + timedelta(days=7 * len(weeks))
            weeks.append({"first": start, "capacity": 0, "booked": 0, "held": 0, "free": 0})
        for key in ("capacity", "booked", "held", "free"):
            weeks[index][key] += d[key]
    return weeks


async def _capacity(
    request: Request,
    api: UserApi,
    category: str,
    failed: tuple[str, dict[str, Any], dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    provider = await _provider(request, api)
    mine = sorted(provider["categories"])
    chosen = category if category in mine else (mine[0] if mine else "")
    first = clock.today()
    days: list[dict[str, Any]] = []
    if chosen:
        days = await api.matching.get(
            f"/v1/providers/{provider['id']}/free-capacity",
            category=chosen,
            first_day=first.isoformat(),
            last_day=(first + timedelta(days=7 * WEEKS - 1)).isoformat(),
        )
    chart = {
        "days": [d["day"] for d in days],
        "series": {k: [d[k] for d in days] for k in ("free", "held", "booked")},
        "names": {
            "free": gettext(N_("Free")),
            "held": gettext(N_("Held for offers")),
            "booked": gettext(N_("Accepted work")),
        },
    }
    failed_category, typed, errors = failed or ("", {}, {})
    context = {
        "provider": provider,
        "mine": mine,
        "chosen": chosen,
        "names": await category_names(api),
        "weeks": weekly(days, first),
        # </ cannot end the script element: the JSON is data, never markup
        "chart_json": Markup(json.dumps(chart, ensure_ascii=False).replace("</", "<\\/")),
        "notice": "" if failed else done_notice(request, NOTICES),
        "failed_category": failed_category,
        "v": typed,
        "errors": errors,
    }
    return render(request, "capacity/capacity.html", context, status_code=status_code)


async def _calendar(
    request: Request,
    api: UserApi,
    typed: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    provider = await _provider(request, api)
    found = await api.matching.get(f"/v1/providers/{provider['id']}/calendar")
    today = clock.today()
    names = await category_names(api)
    context = {
        "exceptions": sorted(found, key=lambda e: (e["first_day"], e["last_day"])),
        "choices": [(c, names.get(c, c)) for c in sorted(provider["categories"])],
        "names": names,
        "v": typed or {"kind": "percent", "value": "0", "first_day": today.isoformat()},
        "errors": errors,
        "notice": "" if errors else done_notice(request, NOTICES),
    }
    return render(request, "capacity/calendar.html", context, status_code=status_code)
